import { MigrationInterface, QueryRunner } from 'typeorm';

/** Outbox and processed-event tables, shared by every service's database. */
export class CreateMessagingTables1763700000000 implements MigrationInterface {
  name = 'CreateMessagingTables1763700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "processed_events" (
      "consumer_group" text NOT NULL,
      "event_id" text NOT NULL,
      "topic" text NOT NULL,
      "processed_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "PK_processed_events" PRIMARY KEY ("consumer_group", "event_id"))`);
    await q.query(`CREATE TABLE "outbox" (
      "id" bigserial NOT NULL,
      "event_id" uuid NOT NULL,
      "topic" text NOT NULL,
      "message_key" text NOT NULL,
      "headers" jsonb NOT NULL,
      "payload" jsonb NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "published_at" timestamptz,
      CONSTRAINT "UQ_outbox_event_id" UNIQUE ("event_id"),
      CONSTRAINT "PK_outbox" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "outbox_unpublished" ON "outbox" ("id") WHERE published_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "outbox"`);
    await q.query(`DROP TABLE "processed_events"`);
  }
}
