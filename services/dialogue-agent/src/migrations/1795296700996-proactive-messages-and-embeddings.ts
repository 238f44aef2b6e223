import { MigrationInterface, QueryRunner } from 'typeorm';

export class ProactiveMessagesAndEmbeddings1795296700996 implements MigrationInterface {
  name = 'ProactiveMessagesAndEmbeddings1795296700996';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "proactive_messages" ("id" uuid NOT NULL, "tenant_id" text NOT NULL, "customer_id" text NOT NULL, "kind" text NOT NULL, "dedupe_key" text NOT NULL, "source_event_id" text NOT NULL, "status" text NOT NULL DEFAULT 'scheduled', "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "reason" text NOT NULL DEFAULT '', "context" jsonb NOT NULL DEFAULT '{}', "reply_id" uuid, "text" text NOT NULL DEFAULT '', "language" text NOT NULL DEFAULT '', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_22e0b0bc4d5854f5f6331cdb7de" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "proactive_messages_due" ON "proactive_messages" ("status", "due_at") `);
    await q.query(`CREATE UNIQUE INDEX "proactive_messages_dedupe" ON "proactive_messages" ("tenant_id", "dedupe_key") `);
    await q.query(`ALTER TABLE "knowledge_chunks" ADD "embedding" real array`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "knowledge_chunks" DROP COLUMN "embedding"`);
    await q.query(`DROP INDEX "public"."proactive_messages_dedupe"`);
    await q.query(`DROP INDEX "public"."proactive_messages_due"`);
    await q.query(`DROP TABLE "proactive_messages"`);
  }
}
