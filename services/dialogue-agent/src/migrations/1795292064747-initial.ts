import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795292064747 implements MigrationInterface {
  name = 'Initial1795292064747';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "conversations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "customer_id" uuid NOT NULL, "mode" text NOT NULL, "last_channel_id" text NOT NULL DEFAULT '', "last_inbound_message_id" text NOT NULL DEFAULT '', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "PK_ee34f4f7ced4ec8681f26bf04ef" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "conversations_mode" ON "conversations" ("tenant_id", "mode", "updated_at") `);
    await q.query(`CREATE UNIQUE INDEX "conversations_customer" ON "conversations" ("tenant_id", "customer_id") `);
    await q.query(`CREATE TABLE "decisions" ("turn_id" uuid NOT NULL, "conversation_id" uuid NOT NULL, "tenant_id" text NOT NULL, "intent" text NOT NULL, "tone" text NOT NULL, "frustration" double precision NOT NULL DEFAULT '0', "urgency" double precision NOT NULL DEFAULT '0', "decision_style" text NOT NULL DEFAULT '', "tools" jsonb NOT NULL DEFAULT '[]', "knowledge_chunk_ids" jsonb NOT NULL DEFAULT '[]', "reason" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_92d08070e038771e647facccf5a" PRIMARY KEY ("turn_id"))`);
    await q.query(`CREATE INDEX "decisions_conversation" ON "decisions" ("conversation_id", "created_at") `);
    await q.query(`CREATE TABLE "turns" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "conversation_id" uuid NOT NULL, "tenant_id" text NOT NULL, "role" text NOT NULL, "text" text NOT NULL, "channel_kind" text NOT NULL DEFAULT '', "inbound_message_id" text NOT NULL DEFAULT '', "author_id" text NOT NULL DEFAULT '', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), CONSTRAINT "PK_66edaea493f45e3c39d7c3553ed" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "turns_inbound_message" ON "turns" ("inbound_message_id") WHERE inbound_message_id <> ''`);
    await q.query(`CREATE INDEX "turns_conversation" ON "turns" ("conversation_id", "created_at") `);
    await q.query(`INSERT INTO "typeorm_metadata"("database", "schema", "table", "type", "name", "value") VALUES (current_database(), $1, $2, $3, $4, $5)`, ["public","knowledge_chunks","GENERATED_COLUMN","tsv","setweight(to_tsvector('english', title), 'A') || to_tsvector('english', text) || setweight(to_tsvector('russian', title), 'A') || to_tsvector('russian', text)"]);
    await q.query(`CREATE TABLE "knowledge_chunks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "document_id" uuid NOT NULL, "tenant_id" text NOT NULL, "title" text NOT NULL, "text" text NOT NULL, "position" integer NOT NULL, "tsv" tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english', title), 'A') || to_tsvector('english', text) || setweight(to_tsvector('russian', title), 'A') || to_tsvector('russian', text)) STORED NOT NULL, CONSTRAINT "PK_81af684d79d321813c41019a5cd" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "knowledge_chunks_tenant" ON "knowledge_chunks" ("tenant_id") `);
    await q.query(`CREATE TABLE "knowledge_documents" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "title" text NOT NULL, "format" text NOT NULL, "language" text NOT NULL DEFAULT '', "source" text NOT NULL DEFAULT '', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_402a3c43fb263aa5289670e4e21" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "knowledge_documents_source" ON "knowledge_documents" ("tenant_id", "source") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."knowledge_documents_source"`);
    await q.query(`DROP TABLE "knowledge_documents"`);
    await q.query(`DROP INDEX "public"."knowledge_chunks_tenant"`);
    await q.query(`DROP TABLE "knowledge_chunks"`);
    await q.query(`DELETE FROM "typeorm_metadata" WHERE "type" = $1 AND "name" = $2 AND "database" = current_database() AND "schema" = $3 AND "table" = $4`, ["GENERATED_COLUMN","tsv","public","knowledge_chunks"]);
    await q.query(`DROP INDEX "public"."turns_conversation"`);
    await q.query(`DROP INDEX "public"."turns_inbound_message"`);
    await q.query(`DROP TABLE "turns"`);
    await q.query(`DROP INDEX "public"."decisions_conversation"`);
    await q.query(`DROP TABLE "decisions"`);
    await q.query(`DROP INDEX "public"."conversations_customer"`);
    await q.query(`DROP INDEX "public"."conversations_mode"`);
    await q.query(`DROP TABLE "conversations"`);
  }
}
