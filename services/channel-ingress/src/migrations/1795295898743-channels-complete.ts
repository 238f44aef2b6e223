import { MigrationInterface, QueryRunner } from 'typeorm';

export class ChannelsComplete1795295898743 implements MigrationInterface {
  name = 'ChannelsComplete1795295898743';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "attachment_blobs" ("id" uuid NOT NULL, "tenant_id" text NOT NULL, "channel_id" text NOT NULL, "mime_type" text NOT NULL, "file_name" text NOT NULL DEFAULT '', "content" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ae2ddbe83f853c07c592b4ae6e1" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "attachment_blobs_channel" ON "attachment_blobs" ("channel_id", "created_at") `);
    await q.query(`ALTER TABLE "inbound_messages" ADD "attachments" jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`ALTER TABLE "inbound_messages" ADD "context" jsonb NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE "inbound_messages" ADD "conversation_ref" text NOT NULL DEFAULT ''`);
    await q.query(`ALTER TABLE "deliveries" ADD "attachments" jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`ALTER TABLE "deliveries" ADD "context" jsonb NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE "deliveries" ADD "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`);
    await q.query(`ALTER TABLE "deliveries" ADD "dead_lettered_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`CREATE INDEX "inbound_sender" ON "inbound_messages" ("channel_id", "reply_address", "received_at") `);
    await q.query(`CREATE INDEX "deliveries_external" ON "deliveries" ("channel_id", "external_id") `);
    await q.query(`CREATE INDEX "deliveries_due" ON "deliveries" ("status", "next_attempt_at") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."deliveries_due"`);
    await q.query(`DROP INDEX "public"."deliveries_external"`);
    await q.query(`DROP INDEX "public"."inbound_sender"`);
    await q.query(`ALTER TABLE "deliveries" DROP COLUMN "dead_lettered_at"`);
    await q.query(`ALTER TABLE "deliveries" DROP COLUMN "next_attempt_at"`);
    await q.query(`ALTER TABLE "deliveries" DROP COLUMN "context"`);
    await q.query(`ALTER TABLE "deliveries" DROP COLUMN "attachments"`);
    await q.query(`ALTER TABLE "inbound_messages" DROP COLUMN "conversation_ref"`);
    await q.query(`ALTER TABLE "inbound_messages" DROP COLUMN "context"`);
    await q.query(`ALTER TABLE "inbound_messages" DROP COLUMN "attachments"`);
    await q.query(`DROP INDEX "public"."attachment_blobs_channel"`);
    await q.query(`DROP TABLE "attachment_blobs"`);
  }
}
