import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795292062037 implements MigrationInterface {
  name = 'Initial1795292062037';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "channels" ("id" text NOT NULL, "tenant_id" text NOT NULL, "kind" text NOT NULL, "name" text NOT NULL, "enabled" boolean NOT NULL DEFAULT true, "settings" jsonb NOT NULL DEFAULT '{}', "secrets_sealed" text NOT NULL DEFAULT '', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bc603823f3f741359c2339389f9" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "channels_tenant" ON "channels" ("tenant_id") `);
    await q.query(`CREATE TABLE "inbound_messages" ("id" uuid NOT NULL, "tenant_id" text NOT NULL, "channel_id" text NOT NULL, "channel_kind" text NOT NULL, "external_user_id" text NOT NULL, "external_message_id" text NOT NULL, "customer_id" uuid NOT NULL, "reply_address" text NOT NULL, "text" text NOT NULL, "locale" text NOT NULL DEFAULT '', "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4f21d40ad47ab9702cb1ee64590" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "inbound_customer" ON "inbound_messages" ("tenant_id", "customer_id", "received_at") `);
    await q.query(`CREATE UNIQUE INDEX "inbound_dedupe" ON "inbound_messages" ("channel_id", "external_message_id") `);
    await q.query(`CREATE TABLE "deliveries" ("id" BIGSERIAL NOT NULL, "reply_id" text NOT NULL, "tenant_id" text NOT NULL, "channel_id" text NOT NULL, "channel_kind" text NOT NULL, "customer_id" uuid NOT NULL, "recipient" text NOT NULL, "text" text NOT NULL, "quick_replies" jsonb NOT NULL DEFAULT '[]', "status" text NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "last_error" text NOT NULL DEFAULT '', "external_id" text NOT NULL DEFAULT '', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a6ef225c5c5f0974e503bfb731f" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "deliveries_recipient" ON "deliveries" ("channel_id", "recipient", "id") `);
    await q.query(`CREATE UNIQUE INDEX "deliveries_reply" ON "deliveries" ("reply_id") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."deliveries_reply"`);
    await q.query(`DROP INDEX "public"."deliveries_recipient"`);
    await q.query(`DROP TABLE "deliveries"`);
    await q.query(`DROP INDEX "public"."inbound_dedupe"`);
    await q.query(`DROP INDEX "public"."inbound_customer"`);
    await q.query(`DROP TABLE "inbound_messages"`);
    await q.query(`DROP INDEX "public"."channels_tenant"`);
    await q.query(`DROP TABLE "channels"`);
  }
}
