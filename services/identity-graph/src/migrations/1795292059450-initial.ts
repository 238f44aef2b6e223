import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795292059450 implements MigrationInterface {
  name = 'Initial1795292059450';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "customers" ("id" uuid NOT NULL, "tenant_id" text NOT NULL, "display_name" text NOT NULL DEFAULT '', "locale" text NOT NULL DEFAULT '', "timezone" text NOT NULL DEFAULT '', "attributes" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_133ec679a801fab5e070f73d3ea" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "customers_tenant" ON "customers" ("tenant_id", "created_at") `);
    await q.query(`CREATE TABLE "identities" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "customer_id" uuid NOT NULL, "type" text NOT NULL, "value" text NOT NULL, "verified" boolean NOT NULL DEFAULT false, "first_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7b2f8cccf4ac6a2d7e6e9e8b1f6" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "identities_customer" ON "identities" ("customer_id") `);
    await q.query(`CREATE UNIQUE INDEX "identities_identifier" ON "identities" ("tenant_id", "type", "value") `);
    await q.query(`CREATE TABLE "timeline_items" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "customer_id" uuid NOT NULL, "kind" text NOT NULL, "channel_kind" text NOT NULL DEFAULT '', "channel_id" text NOT NULL DEFAULT '', "text" text NOT NULL DEFAULT '', "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "source_event_id" text NOT NULL, CONSTRAINT "PK_040aa031b8eaa3aa7fc5ab9605b" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "timeline_source_event" ON "timeline_items" ("source_event_id") `);
    await q.query(`CREATE INDEX "timeline_customer_time" ON "timeline_items" ("tenant_id", "customer_id", "occurred_at") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."timeline_customer_time"`);
    await q.query(`DROP INDEX "public"."timeline_source_event"`);
    await q.query(`DROP TABLE "timeline_items"`);
    await q.query(`DROP INDEX "public"."identities_identifier"`);
    await q.query(`DROP INDEX "public"."identities_customer"`);
    await q.query(`DROP TABLE "identities"`);
    await q.query(`DROP INDEX "public"."customers_tenant"`);
    await q.query(`DROP TABLE "customers"`);
  }
}
