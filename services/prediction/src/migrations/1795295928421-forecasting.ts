import { MigrationInterface, QueryRunner } from 'typeorm';

export class Forecasting1795295928421 implements MigrationInterface {
  name = 'Forecasting1795295928421';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "catalog_products" ("tenant_id" text NOT NULL, "product_id" text NOT NULL, "name" text NOT NULL, "pack_size" text, "typical_days_of_use" integer, "tags" text array NOT NULL, "fetched_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_6d7c30c4394618d3adc020adab5" PRIMARY KEY ("tenant_id", "product_id"))`);
    await q.query(`CREATE TABLE "context_signals" ("signal_id" uuid NOT NULL, "tenant_id" text NOT NULL, "kind" text NOT NULL, "region" text NOT NULL, "attributes" jsonb NOT NULL, "product_tags" text array NOT NULL, "valid_until" TIMESTAMP WITH TIME ZONE, "candidate_outreach" integer NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_e8c656860a7ba077b9e82b256f6" PRIMARY KEY ("signal_id"))`);
    await q.query(`CREATE TABLE "customer_models" ("tenant_id" text NOT NULL, "r" double precision NOT NULL, "alpha" double precision NOT NULL, "a" double precision NOT NULL, "b" double precision NOT NULL, "customers" integer NOT NULL, "log_likelihood" double precision NOT NULL, "fitted_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_b4a84aecb4c086e515610ea04d4" PRIMARY KEY ("tenant_id"))`);
    await q.query(`CREATE TABLE "replenishment_forecasts" ("tenant_id" text NOT NULL, "customer_id" uuid NOT NULL, "product_id" text NOT NULL, "last_purchased_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_quantity" integer NOT NULL, "usual_quantity" integer NOT NULL, "days_per_pack" double precision NOT NULL, "daily_amount" double precision, "run_out_at" TIMESTAMP WITH TIME ZONE NOT NULL, "band_start" TIMESTAMP WITH TIME ZONE NOT NULL, "band_end" TIMESTAMP WITH TIME ZONE NOT NULL, "intervals_observed" integer NOT NULL, "confidence" double precision NOT NULL, "planned_at" TIMESTAMP WITH TIME ZONE NOT NULL, "scored_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_6fd3905c57f06ae989105a42741" PRIMARY KEY ("tenant_id", "customer_id", "product_id"))`);
    await q.query(`CREATE INDEX "forecasts_planned" ON "replenishment_forecasts" ("tenant_id", "planned_at") `);
    await q.query(`CREATE TABLE "outreach_log" ("outreach_id" uuid NOT NULL, "tenant_id" text NOT NULL, "customer_id" uuid NOT NULL, "product_id" text NOT NULL, "action" text NOT NULL, "cycle_key" text NOT NULL, "reason" text NOT NULL, "channel_kind" text NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "emitted_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_c1231fa5b14642f778e2ab509e6" PRIMARY KEY ("outreach_id"))`);
    await q.query(`CREATE INDEX "outreach_customer_time" ON "outreach_log" ("tenant_id", "customer_id", "emitted_at") `);
    await q.query(`CREATE UNIQUE INDEX "outreach_cycle" ON "outreach_log" ("tenant_id", "customer_id", "product_id", "cycle_key") `);
    await q.query(`CREATE TABLE "product_priors" ("tenant_id" text NOT NULL, "product_id" text NOT NULL, "log_days_per_pack" double precision NOT NULL, "between_variance" double precision NOT NULL, "within_variance" double precision NOT NULL, "customers" integer NOT NULL, "median_interval_days" double precision, "estimated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_77410fd614f87a60bf911bfc579" PRIMARY KEY ("tenant_id", "product_id"))`);
    await q.query(`ALTER TABLE "customer_activity" ADD "hour_counts" jsonb`);
    await q.query(`ALTER TABLE "customer_activity" ADD "last_inbound_by_channel" jsonb`);
    await q.query(`ALTER TABLE "customer_activity" ADD "timezone" text`);
    await q.query(`ALTER TABLE "customer_activity" ADD "region" text`);
    await q.query(`ALTER TABLE "customer_activity" ADD "profile_fetched_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "customer_activity" DROP COLUMN "profile_fetched_at"`);
    await q.query(`ALTER TABLE "customer_activity" DROP COLUMN "region"`);
    await q.query(`ALTER TABLE "customer_activity" DROP COLUMN "timezone"`);
    await q.query(`ALTER TABLE "customer_activity" DROP COLUMN "last_inbound_by_channel"`);
    await q.query(`ALTER TABLE "customer_activity" DROP COLUMN "hour_counts"`);
    await q.query(`DROP TABLE "product_priors"`);
    await q.query(`DROP INDEX "public"."outreach_cycle"`);
    await q.query(`DROP INDEX "public"."outreach_customer_time"`);
    await q.query(`DROP TABLE "outreach_log"`);
    await q.query(`DROP INDEX "public"."forecasts_planned"`);
    await q.query(`DROP TABLE "replenishment_forecasts"`);
    await q.query(`DROP TABLE "customer_models"`);
    await q.query(`DROP TABLE "context_signals"`);
    await q.query(`DROP TABLE "catalog_products"`);
  }
}
