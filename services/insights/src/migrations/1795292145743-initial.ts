import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795292145743 implements MigrationInterface {
  name = 'Initial1795292145743';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "conversation_marks" ("tenant_id" text NOT NULL, "conversation_id" text NOT NULL, "hour_start" TIMESTAMP WITH TIME ZONE NOT NULL, "mark" text NOT NULL, CONSTRAINT "PK_d1b77f1a978f246f5a8efea8846" PRIMARY KEY ("tenant_id", "conversation_id", "hour_start", "mark"))`);
    await q.query(`CREATE INDEX "conversation_marks_hour" ON "conversation_marks" ("tenant_id", "hour_start") `);
    await q.query(`CREATE TABLE "hourly_event_counts" ("tenant_id" text NOT NULL, "hour_start" TIMESTAMP WITH TIME ZONE NOT NULL, "event_kind" text NOT NULL, "count" bigint NOT NULL DEFAULT '0', CONSTRAINT "PK_9ddb150950da72f3f79ea6571b7" PRIMARY KEY ("tenant_id", "hour_start", "event_kind"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "hourly_event_counts"`);
    await q.query(`DROP INDEX "public"."conversation_marks_hour"`);
    await q.query(`DROP TABLE "conversation_marks"`);
  }
}
