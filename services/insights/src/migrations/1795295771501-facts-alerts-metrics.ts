import { MigrationInterface, QueryRunner } from 'typeorm';

export class FactsAlertsMetrics1795295771501 implements MigrationInterface {
  name = 'FactsAlertsMetrics1795295771501';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "alert_rules" ("rule_id" text NOT NULL, "tenant_id" text NOT NULL, "kind" text NOT NULL, "match" text NOT NULL, "threshold" integer NOT NULL, "window_minutes" integer NOT NULL, "spike_factor" double precision NOT NULL DEFAULT '3', "enabled" boolean NOT NULL DEFAULT true, CONSTRAINT "PK_0d1e77def5bf1f712ac2d2711fd" PRIMARY KEY ("rule_id"))`);
    await q.query(`CREATE INDEX "alert_rules_tenant" ON "alert_rules" ("tenant_id") `);
    await q.query(`CREATE TABLE "alerts" ("alert_id" uuid NOT NULL, "tenant_id" text NOT NULL, "rule_id" text NOT NULL, "kind" text NOT NULL, "subject" text NOT NULL, "dedupe_key" text NOT NULL, "title" text NOT NULL, "quotes" jsonb NOT NULL DEFAULT '[]', "count" integer NOT NULL, "suggested_action" text NOT NULL, "acknowledged" boolean NOT NULL DEFAULT false, "window_minutes" integer NOT NULL, "baseline" double precision NOT NULL DEFAULT '0', "raised_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "webhook_status" text NOT NULL DEFAULT 'none', CONSTRAINT "PK_b58263d5bb1ef9464b2cf8da9e5" PRIMARY KEY ("alert_id"))`);
    await q.query(`CREATE UNIQUE INDEX "alerts_open_problem" ON "alerts" ("tenant_id", "dedupe_key") WHERE acknowledged = false`);
    await q.query(`CREATE INDEX "alerts_tenant_time" ON "alerts" ("tenant_id", "raised_at") `);
    await q.query(`CREATE TABLE "conversation_facts" ("fact_id" uuid NOT NULL, "tenant_id" text NOT NULL, "inbound_message_id" text NOT NULL, "conversation_id" text NOT NULL DEFAULT '', "pseudonymous_customer_id" text NOT NULL, "channel_kind" text NOT NULL DEFAULT 'CHANNEL_KIND_UNSPECIFIED', "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "topics" text array NOT NULL DEFAULT '{}', "barriers" text array NOT NULL DEFAULT '{}', "subjects" text array NOT NULL DEFAULT '{}', "key_phrases" text array NOT NULL DEFAULT '{}', "products" text array NOT NULL DEFAULT '{}', "language" text NOT NULL DEFAULT 'en', "segment" text NOT NULL DEFAULT 'new', "sentiment" double precision, "frustration" double precision, "decision_style" text NOT NULL DEFAULT '', "intent" text NOT NULL DEFAULT '', "quote" text, "classified_by" text NOT NULL DEFAULT 'rules', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_3658b7e0775d2c6ebb323ab36c9" PRIMARY KEY ("fact_id"))`);
    await q.query(`CREATE INDEX "conversation_facts_unpublished" ON "conversation_facts" ("created_at") WHERE published_at IS NULL`);
    await q.query(`CREATE UNIQUE INDEX "conversation_facts_message" ON "conversation_facts" ("tenant_id", "inbound_message_id") `);
    await q.query(`CREATE INDEX "conversation_facts_time" ON "conversation_facts" ("tenant_id", "occurred_at") `);
    await q.query(`CREATE TABLE "known_products" ("tenant_id" text NOT NULL, "product_id" text NOT NULL, "name" text NOT NULL, CONSTRAINT "PK_99fc633e0df18d914d354e25943" PRIMARY KEY ("tenant_id", "product_id"))`);
    await q.query(`CREATE TABLE "commerce_events" ("event_id" text NOT NULL, "tenant_id" text NOT NULL, "kind" text NOT NULL, "pseudonymous_customer_id" text NOT NULL, "channel_kind" text NOT NULL DEFAULT 'CHANNEL_KIND_UNSPECIFIED', "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "amount_minor" bigint NOT NULL DEFAULT '0', "currency" text NOT NULL DEFAULT '', "via_chat" boolean NOT NULL DEFAULT false, "after_outreach" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_9d7d2d30e7b7ee403697b7c2cc9" PRIMARY KEY ("event_id"))`);
    await q.query(`CREATE INDEX "commerce_events_time" ON "commerce_events" ("tenant_id", "occurred_at") `);
    await q.query(`CREATE TABLE "conversation_stats" ("tenant_id" text NOT NULL, "conversation_id" text NOT NULL, "pseudonymous_customer_id" text NOT NULL DEFAULT '', "channel_kind" text NOT NULL DEFAULT 'CHANNEL_KIND_UNSPECIFIED', "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "first_reply_at" TIMESTAMP WITH TIME ZONE, "resolved_at" TIMESTAMP WITH TIME ZONE, "resolved_by" text, "human_involved" boolean NOT NULL DEFAULT false, "handed_off" boolean NOT NULL DEFAULT false, "csat" integer, "sentiment_sum" double precision NOT NULL DEFAULT '0', "turns" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_defffd18e61c01be8ac051494d5" PRIMARY KEY ("tenant_id", "conversation_id"))`);
    await q.query(`CREATE INDEX "conversation_stats_started" ON "conversation_stats" ("tenant_id", "started_at") `);
    await q.query(`CREATE TABLE "customer_activity" ("tenant_id" text NOT NULL, "pseudonymous_customer_id" text NOT NULL, "first_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_chat_at" TIMESTAMP WITH TIME ZONE, "last_outreach_at" TIMESTAMP WITH TIME ZONE, "survey_conversation_id" text, CONSTRAINT "PK_f46a77ed1b115db272c4f3eb8a2" PRIMARY KEY ("tenant_id", "pseudonymous_customer_id"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "customer_activity"`);
    await q.query(`DROP INDEX "public"."conversation_stats_started"`);
    await q.query(`DROP TABLE "conversation_stats"`);
    await q.query(`DROP INDEX "public"."commerce_events_time"`);
    await q.query(`DROP TABLE "commerce_events"`);
    await q.query(`DROP TABLE "known_products"`);
    await q.query(`DROP INDEX "public"."conversation_facts_time"`);
    await q.query(`DROP INDEX "public"."conversation_facts_message"`);
    await q.query(`DROP INDEX "public"."conversation_facts_unpublished"`);
    await q.query(`DROP TABLE "conversation_facts"`);
    await q.query(`DROP INDEX "public"."alerts_tenant_time"`);
    await q.query(`DROP INDEX "public"."alerts_open_problem"`);
    await q.query(`DROP TABLE "alerts"`);
    await q.query(`DROP INDEX "public"."alert_rules_tenant"`);
    await q.query(`DROP TABLE "alert_rules"`);
  }
}
