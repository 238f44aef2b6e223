import { MigrationInterface, QueryRunner } from 'typeorm';

export class AgentLoop1795295982099 implements MigrationInterface {
  name = 'AgentLoop1795295982099';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "llm_usage" ("conversation_id" uuid NOT NULL, "tenant_id" text NOT NULL, "prompt_tokens" bigint NOT NULL DEFAULT '0', "completion_tokens" bigint NOT NULL DEFAULT '0', "cost_micros" bigint NOT NULL DEFAULT '0', "calls" integer NOT NULL DEFAULT '0', "fallbacks" integer NOT NULL DEFAULT '0', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_27bd753602e68de67758261efdd" PRIMARY KEY ("conversation_id"))`);
    await q.query(`CREATE INDEX "llm_usage_tenant" ON "llm_usage" ("tenant_id") `);
    await q.query(`ALTER TABLE "conversations" ADD "state" jsonb NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE "conversations" ADD "summary" text NOT NULL DEFAULT ''`);
    await q.query(`ALTER TABLE "conversations" ADD "mood" text NOT NULL DEFAULT ''`);
    await q.query(`ALTER TABLE "conversations" ADD "decision_style" text NOT NULL DEFAULT ''`);
    await q.query(`ALTER TABLE "conversations" ADD "frustration" double precision NOT NULL DEFAULT '0'`);
    await q.query(`ALTER TABLE "conversations" ADD "suggested_reply" text NOT NULL DEFAULT ''`);
    await q.query(`ALTER TABLE "conversations" ADD "handoff_reason" text NOT NULL DEFAULT ''`);
    await q.query(`ALTER TABLE "conversations" ADD "resolution" text NOT NULL DEFAULT ''`);
    await q.query(`ALTER TABLE "conversations" ADD "resolution_rule" text NOT NULL DEFAULT ''`);
    await q.query(`ALTER TABLE "conversations" ADD "csat_score" integer NOT NULL DEFAULT '0'`);
    await q.query(`ALTER TABLE "conversations" ADD "last_channel_kind" text NOT NULL DEFAULT ''`);
    await q.query(`ALTER TABLE "conversations" ADD "last_activity_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`);
    await q.query(`ALTER TABLE "conversations" ADD "closed_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "decisions" ADD "sentiment" double precision NOT NULL DEFAULT '0'`);
    await q.query(`ALTER TABLE "decisions" ADD "mood" text NOT NULL DEFAULT ''`);
    await q.query(`ALTER TABLE "decisions" ADD "affect_signals" jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`ALTER TABLE "decisions" ADD "tool_calls" jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`ALTER TABLE "decisions" ADD "engine" text NOT NULL DEFAULT 'offline'`);
    await q.query(`ALTER TABLE "decisions" ADD "prompt_tokens" integer NOT NULL DEFAULT '0'`);
    await q.query(`ALTER TABLE "decisions" ADD "completion_tokens" integer NOT NULL DEFAULT '0'`);
    await q.query(`ALTER TABLE "decisions" ADD "tone_reasons" jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`ALTER TABLE "decisions" ADD "style_confidence" double precision NOT NULL DEFAULT '0'`);
    await q.query(`ALTER TABLE "decisions" ADD "human_offered" boolean NOT NULL DEFAULT false`);
    await q.query(`CREATE INDEX "conversations_activity" ON "conversations" ("mode", "last_activity_at") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."conversations_activity"`);
    await q.query(`ALTER TABLE "decisions" DROP COLUMN "human_offered"`);
    await q.query(`ALTER TABLE "decisions" DROP COLUMN "style_confidence"`);
    await q.query(`ALTER TABLE "decisions" DROP COLUMN "tone_reasons"`);
    await q.query(`ALTER TABLE "decisions" DROP COLUMN "completion_tokens"`);
    await q.query(`ALTER TABLE "decisions" DROP COLUMN "prompt_tokens"`);
    await q.query(`ALTER TABLE "decisions" DROP COLUMN "engine"`);
    await q.query(`ALTER TABLE "decisions" DROP COLUMN "tool_calls"`);
    await q.query(`ALTER TABLE "decisions" DROP COLUMN "affect_signals"`);
    await q.query(`ALTER TABLE "decisions" DROP COLUMN "mood"`);
    await q.query(`ALTER TABLE "decisions" DROP COLUMN "sentiment"`);
    await q.query(`ALTER TABLE "conversations" DROP COLUMN "closed_at"`);
    await q.query(`ALTER TABLE "conversations" DROP COLUMN "last_activity_at"`);
    await q.query(`ALTER TABLE "conversations" DROP COLUMN "last_channel_kind"`);
    await q.query(`ALTER TABLE "conversations" DROP COLUMN "csat_score"`);
    await q.query(`ALTER TABLE "conversations" DROP COLUMN "resolution_rule"`);
    await q.query(`ALTER TABLE "conversations" DROP COLUMN "resolution"`);
    await q.query(`ALTER TABLE "conversations" DROP COLUMN "handoff_reason"`);
    await q.query(`ALTER TABLE "conversations" DROP COLUMN "suggested_reply"`);
    await q.query(`ALTER TABLE "conversations" DROP COLUMN "frustration"`);
    await q.query(`ALTER TABLE "conversations" DROP COLUMN "decision_style"`);
    await q.query(`ALTER TABLE "conversations" DROP COLUMN "mood"`);
    await q.query(`ALTER TABLE "conversations" DROP COLUMN "summary"`);
    await q.query(`ALTER TABLE "conversations" DROP COLUMN "state"`);
    await q.query(`DROP INDEX "public"."llm_usage_tenant"`);
    await q.query(`DROP TABLE "llm_usage"`);
  }
}
