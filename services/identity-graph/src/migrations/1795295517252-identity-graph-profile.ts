import { MigrationInterface, QueryRunner } from 'typeorm';

export class IdentityGraphProfile1795295517252 implements MigrationInterface {
  name = 'IdentityGraphProfile1795295517252';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "customer_aliases" ("tenant_id" text NOT NULL, "merged_customer_id" uuid NOT NULL, "survivor_customer_id" uuid NOT NULL, "merged_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_9df8a5cbfcc9a39cc947e0edc1b" PRIMARY KEY ("tenant_id", "merged_customer_id"))`);
    await q.query(`CREATE INDEX "customer_aliases_survivor" ON "customer_aliases" ("tenant_id", "survivor_customer_id") `);
    await q.query(`CREATE TABLE "customer_tombstones" ("tenant_id" text NOT NULL, "customer_id" uuid NOT NULL, "erased_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_e6c3d6670862fd4aa3d39e91074" PRIMARY KEY ("tenant_id", "customer_id"))`);
    await q.query(`CREATE TABLE "consents" ("customer_id" uuid NOT NULL, "purpose" text NOT NULL, "channel_kind" text NOT NULL, "tenant_id" text NOT NULL, "granted" boolean NOT NULL, "source" text NOT NULL DEFAULT '', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e10a838d3a745bca1593e6d9566" PRIMARY KEY ("customer_id", "purpose", "channel_kind"))`);
    await q.query(`CREATE INDEX "consents_tenant_customer" ON "consents" ("tenant_id", "customer_id") `);
    await q.query(`CREATE TABLE "customer_merges" ("id" uuid NOT NULL, "tenant_id" text NOT NULL, "survivor_customer_id" uuid NOT NULL, "merged_customer_id" uuid NOT NULL, "reason" text NOT NULL DEFAULT '', "automatic" boolean NOT NULL DEFAULT false, "merged_at" TIMESTAMP WITH TIME ZONE NOT NULL, "unmerged_at" TIMESTAMP WITH TIME ZONE, "snapshot" jsonb, CONSTRAINT "PK_364be55e64714e98e193d2a5333" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "customer_merges_merged" ON "customer_merges" ("tenant_id", "merged_customer_id") `);
    await q.query(`CREATE INDEX "customer_merges_survivor" ON "customer_merges" ("tenant_id", "survivor_customer_id") `);
    await q.query(`CREATE TABLE "merge_reviews" ("id" uuid NOT NULL, "tenant_id" text NOT NULL, "customer_id" uuid NOT NULL, "other_customer_id" uuid NOT NULL, "identifier_type" text NOT NULL, "identifier_value" text NOT NULL, "reason" text NOT NULL, "status" text NOT NULL DEFAULT 'open', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "resolved_at" TIMESTAMP WITH TIME ZONE, "merge_id" uuid, CONSTRAINT "PK_6895c21306405ea93579a935e56" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "merge_reviews_open_pair" ON "merge_reviews" ("tenant_id", "customer_id", "other_customer_id") WHERE status = 'open'`);
    await q.query(`CREATE INDEX "merge_reviews_status" ON "merge_reviews" ("tenant_id", "status", "created_at") `);
    await q.query(`CREATE TABLE "memory_facts" ("id" uuid NOT NULL, "tenant_id" text NOT NULL, "customer_id" uuid NOT NULL, "subject" text NOT NULL, "fact" text NOT NULL, "source_turn_id" text NOT NULL DEFAULT '', "confidence" double precision NOT NULL DEFAULT '1', "expires_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_09d59687671e9d1faca69c664b5" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "memory_facts_rank" ON "memory_facts" ("tenant_id", "customer_id", "confidence", "created_at") `);
    await q.query(`CREATE TABLE "profile_attributes" ("customer_id" uuid NOT NULL, "key" text NOT NULL, "tenant_id" text NOT NULL, "value" text NOT NULL, "source" text NOT NULL DEFAULT '', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_eb059005d6b3014b5b5a30b6576" PRIMARY KEY ("customer_id", "key"))`);
    await q.query(`CREATE INDEX "profile_attributes_tenant_customer" ON "profile_attributes" ("tenant_id", "customer_id") `);
    await q.query(`CREATE TABLE "customer_traits" ("customer_id" uuid NOT NULL, "name" text NOT NULL, "tenant_id" text NOT NULL, "value" text NOT NULL, "confidence" double precision NOT NULL DEFAULT '0', "source" text NOT NULL DEFAULT '', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_fc8bcbfee216ebd13970218c48b" PRIMARY KEY ("customer_id", "name"))`);
    await q.query(`CREATE INDEX "customer_traits_tenant_customer" ON "customer_traits" ("tenant_id", "customer_id") `);
    await q.query(`CREATE TABLE "tenant_settings" ("tenant_id" text NOT NULL, "trusted_identifier_types" text array NOT NULL, "default_region" text NOT NULL DEFAULT '', "auto_merge" boolean NOT NULL DEFAULT true, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a6abc1c3ed0df635955fc852f1c" PRIMARY KEY ("tenant_id"))`);
    await q.query(`CREATE TABLE "timeline_stats" ("customer_id" uuid NOT NULL, "tenant_id" text NOT NULL, "total" integer NOT NULL DEFAULT '0', "first_at" TIMESTAMP WITH TIME ZONE, "last_at" TIMESTAMP WITH TIME ZONE, "by_kind" jsonb NOT NULL DEFAULT '{}', "by_channel" jsonb NOT NULL DEFAULT '{}', "by_intent" jsonb NOT NULL DEFAULT '{}', "last_order_text" text NOT NULL DEFAULT '', "last_order_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_35eb7e01a8d90bce0374626b960" PRIMARY KEY ("customer_id"))`);
    await q.query(`ALTER TABLE "customers" ADD "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`);
    await q.query(`ALTER TABLE "customers" ADD "status" text NOT NULL DEFAULT 'active'`);
    await q.query(`ALTER TABLE "customers" ADD "merged_into" uuid`);
    await q.query(`ALTER TABLE "customers" ADD "erased_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "identities" ADD "source" text NOT NULL DEFAULT ''`);
    await q.query(`ALTER TABLE "timeline_items" ADD "identifier_type" text NOT NULL DEFAULT ''`);
    await q.query(`ALTER TABLE "timeline_items" ADD "identifier_value" text NOT NULL DEFAULT ''`);
    await q.query(`ALTER TABLE "timeline_items" ADD "intent" text NOT NULL DEFAULT ''`);
    await q.query(`ALTER TABLE "timeline_items" ADD "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "timeline_items" DROP COLUMN "recorded_at"`);
    await q.query(`ALTER TABLE "timeline_items" DROP COLUMN "intent"`);
    await q.query(`ALTER TABLE "timeline_items" DROP COLUMN "identifier_value"`);
    await q.query(`ALTER TABLE "timeline_items" DROP COLUMN "identifier_type"`);
    await q.query(`ALTER TABLE "identities" DROP COLUMN "source"`);
    await q.query(`ALTER TABLE "customers" DROP COLUMN "erased_at"`);
    await q.query(`ALTER TABLE "customers" DROP COLUMN "merged_into"`);
    await q.query(`ALTER TABLE "customers" DROP COLUMN "status"`);
    await q.query(`ALTER TABLE "customers" DROP COLUMN "updated_at"`);
    await q.query(`DROP TABLE "timeline_stats"`);
    await q.query(`DROP TABLE "tenant_settings"`);
    await q.query(`DROP INDEX "public"."customer_traits_tenant_customer"`);
    await q.query(`DROP TABLE "customer_traits"`);
    await q.query(`DROP INDEX "public"."profile_attributes_tenant_customer"`);
    await q.query(`DROP TABLE "profile_attributes"`);
    await q.query(`DROP INDEX "public"."memory_facts_rank"`);
    await q.query(`DROP TABLE "memory_facts"`);
    await q.query(`DROP INDEX "public"."merge_reviews_status"`);
    await q.query(`DROP INDEX "public"."merge_reviews_open_pair"`);
    await q.query(`DROP TABLE "merge_reviews"`);
    await q.query(`DROP INDEX "public"."customer_merges_survivor"`);
    await q.query(`DROP INDEX "public"."customer_merges_merged"`);
    await q.query(`DROP TABLE "customer_merges"`);
    await q.query(`DROP INDEX "public"."consents_tenant_customer"`);
    await q.query(`DROP TABLE "consents"`);
    await q.query(`DROP TABLE "customer_tombstones"`);
    await q.query(`DROP INDEX "public"."customer_aliases_survivor"`);
    await q.query(`DROP TABLE "customer_aliases"`);
  }
}
