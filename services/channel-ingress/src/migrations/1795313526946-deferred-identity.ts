import { MigrationInterface, QueryRunner } from 'typeorm';

export class DeferredIdentity1795313526946 implements MigrationInterface {
  name = 'DeferredIdentity1795313526946';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "pending_identities" ("seq" BIGSERIAL NOT NULL, "message_id" uuid NOT NULL, "tenant_id" text NOT NULL, "channel_id" text NOT NULL, "sender" text NOT NULL, "request" jsonb NOT NULL, "payload" jsonb NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "lease_id" uuid, "last_error" text NOT NULL DEFAULT '', "failed" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9c2e53236645da30eb6bac4b358" PRIMARY KEY ("seq"))`);
    await q.query(`CREATE UNIQUE INDEX "pending_identities_message" ON "pending_identities" ("message_id") `);
    await q.query(`CREATE INDEX "pending_identities_due" ON "pending_identities" ("next_attempt_at") `);
    await q.query(`CREATE INDEX "pending_identities_sender" ON "pending_identities" ("channel_id", "sender", "seq") `);
    await q.query(`DROP INDEX "public"."inbound_customer"`);
    await q.query(`ALTER TABLE "inbound_messages" ALTER COLUMN "customer_id" DROP NOT NULL`);
    await q.query(`CREATE INDEX "inbound_customer" ON "inbound_messages" ("tenant_id", "customer_id", "received_at") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."inbound_customer"`);
    await q.query(`ALTER TABLE "inbound_messages" ALTER COLUMN "customer_id" SET NOT NULL`);
    await q.query(`CREATE INDEX "inbound_customer" ON "inbound_messages" ("customer_id", "received_at", "tenant_id") `);
    await q.query(`DROP INDEX "public"."pending_identities_sender"`);
    await q.query(`DROP INDEX "public"."pending_identities_due"`);
    await q.query(`DROP INDEX "public"."pending_identities_message"`);
    await q.query(`DROP TABLE "pending_identities"`);
  }
}
