import { MigrationInterface, QueryRunner } from 'typeorm';

export class CartsPromotionsLoyaltyOrders1795295781333 implements MigrationInterface {
  name = 'CartsPromotionsLoyaltyOrders1795295781333';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "carts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "customer_id" uuid NOT NULL, "conversation_id" text NOT NULL DEFAULT '', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b5f695a59f5ebb50af3c8160816" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "carts_owner" ON "carts" ("tenant_id", "customer_id", "conversation_id") `);
    await q.query(`CREATE TABLE "cart_items" ("cart_id" uuid NOT NULL, "product_id" uuid NOT NULL, "quantity" integer NOT NULL, "price_when_added_minor" bigint NOT NULL, "currency" text NOT NULL, "added_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_dba960dbfd8636893d3c7acb18d" PRIMARY KEY ("cart_id", "product_id"))`);
    await q.query(`CREATE TABLE "delivery_slots" ("tenant_id" text NOT NULL, "slot_id" text NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "capacity" integer NOT NULL, "taken" integer NOT NULL DEFAULT '0', CONSTRAINT "delivery_slots_taken_within_capacity" CHECK ("taken" >= 0 AND "taken" <= "capacity"), CONSTRAINT "PK_f8da89625a3dcfc7fd4e25caadb" PRIMARY KEY ("tenant_id", "slot_id"))`);
    await q.query(`CREATE INDEX "delivery_slots_start" ON "delivery_slots" ("tenant_id", "starts_at") `);
    await q.query(`CREATE TABLE "slot_holds" ("quote_id" uuid NOT NULL, "tenant_id" text NOT NULL, "slot_id" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_2d8176c6eedfdf695370a946b33" PRIMARY KEY ("quote_id"))`);
    await q.query(`CREATE INDEX "slot_holds_slot" ON "slot_holds" ("tenant_id", "slot_id", "expires_at") `);
    await q.query(`CREATE TABLE "loyalty_movements" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "customer_id" uuid NOT NULL, "kind" text NOT NULL, "points" bigint NOT NULL, "remaining" bigint NOT NULL DEFAULT '0', "order_id" uuid, "expires_at" TIMESTAMP WITH TIME ZONE, "balance_after" bigint NOT NULL, "note" text NOT NULL DEFAULT '', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "loyalty_balance_not_negative" CHECK ("balance_after" >= 0), CONSTRAINT "loyalty_remaining_not_negative" CHECK ("remaining" >= 0), CONSTRAINT "PK_63a188543e98c45507436d16001" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "loyalty_movements_order_kind" ON "loyalty_movements" ("order_id", "kind") `);
    await q.query(`CREATE INDEX "loyalty_movements_customer" ON "loyalty_movements" ("tenant_id", "customer_id", "created_at") `);
    await q.query(`CREATE TABLE "quotes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "customer_id" uuid NOT NULL, "body" jsonb NOT NULL, "signature" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "order_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_99a0e8bcbcd8719d3a41f23c263" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "quotes_customer" ON "quotes" ("tenant_id", "customer_id", "created_at") `);
    await q.query(`CREATE TABLE "orders" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "customer_id" uuid NOT NULL, "conversation_id" text NOT NULL DEFAULT '', "quote_id" uuid NOT NULL, "status" text NOT NULL, "lines" jsonb NOT NULL, "currency" text NOT NULL, "subtotal_minor" bigint NOT NULL, "discount_minor" bigint NOT NULL, "delivery_minor" bigint NOT NULL, "tax_minor" bigint NOT NULL, "total_minor" bigint NOT NULL, "points_redeemed" bigint NOT NULL DEFAULT '0', "points_earned" bigint NOT NULL DEFAULT '0', "coupon_codes" text array NOT NULL DEFAULT '{}', "fulfilment" text NOT NULL, "slot_id" text NOT NULL DEFAULT '', "address" jsonb, "reserved_until" TIMESTAMP WITH TIME ZONE, "payment_provider" text NOT NULL DEFAULT '', "payment_id" text NOT NULL DEFAULT '', "payment_status" text NOT NULL DEFAULT 'pending', "payment_client_secret" text NOT NULL DEFAULT '', "payment_failure" text NOT NULL DEFAULT '', "payment_attempts" integer NOT NULL DEFAULT '0', "follow_up_due_at" TIMESTAMP WITH TIME ZONE, "follow_up_published_at" TIMESTAMP WITH TIME ZONE, "delivered_at" TIMESTAMP WITH TIME ZONE, "anonymized" boolean NOT NULL DEFAULT false, "placed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_710e2d4957aa5878dfe94e4ac2f" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "orders_status" ON "orders" ("status", "reserved_until") `);
    await q.query(`CREATE UNIQUE INDEX "orders_quote" ON "orders" ("quote_id") `);
    await q.query(`CREATE INDEX "orders_customer" ON "orders" ("tenant_id", "customer_id", "placed_at") `);
    await q.query(`CREATE TABLE "idempotency_keys" ("tenant_id" text NOT NULL, "key" text NOT NULL, "request_hash" text NOT NULL, "order_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b5c6db50392003e35d51ef7aba7" PRIMARY KEY ("tenant_id", "key"))`);
    await q.query(`CREATE TABLE "promotions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "code" text NOT NULL, "kind" text NOT NULL, "value" bigint NOT NULL, "currency" text NOT NULL DEFAULT '', "min_subtotal_minor" bigint NOT NULL DEFAULT '0', "product_ids" text array NOT NULL DEFAULT '{}', "tags" text array NOT NULL DEFAULT '{}', "starts_at" TIMESTAMP WITH TIME ZONE, "expires_at" TIMESTAMP WITH TIME ZONE, "per_customer_limit" integer NOT NULL DEFAULT '0', "total_limit" integer NOT NULL DEFAULT '0', "times_used" integer NOT NULL DEFAULT '0', "stackable" boolean NOT NULL DEFAULT false, "customer_id" uuid, "compensation" boolean NOT NULL DEFAULT false, "issue_key" text, "description" text NOT NULL DEFAULT '', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_380cecbbe3ac11f0e5a7c452c34" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "promotions_tenant_issue_key" ON "promotions" ("tenant_id", "issue_key") `);
    await q.query(`CREATE UNIQUE INDEX "promotions_tenant_code" ON "promotions" ("tenant_id", "code") `);
    await q.query(`CREATE TABLE "promotion_redemptions" ("promotion_id" uuid NOT NULL, "order_id" uuid NOT NULL, "tenant_id" text NOT NULL, "customer_id" uuid NOT NULL, "discount_minor" bigint NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6d399e6dc3e5e43ac984ed6b725" PRIMARY KEY ("promotion_id", "order_id"))`);
    await q.query(`CREATE INDEX "promotion_redemptions_customer" ON "promotion_redemptions" ("tenant_id", "promotion_id", "customer_id") `);
    await q.query(`CREATE TABLE "compensation_policies" ("tenant_id" text NOT NULL, "max_coupon_minor" bigint NOT NULL, "budget_minor" bigint NOT NULL, "currency" text NOT NULL DEFAULT '', CONSTRAINT "PK_e6bcb0aa4eded02fdb3bf42e875" PRIMARY KEY ("tenant_id"))`);
    await q.query(`ALTER TABLE "products" ADD "variant_of_sku" text NOT NULL DEFAULT ''`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "products" DROP COLUMN "variant_of_sku"`);
    await q.query(`DROP TABLE "compensation_policies"`);
    await q.query(`DROP INDEX "public"."promotion_redemptions_customer"`);
    await q.query(`DROP TABLE "promotion_redemptions"`);
    await q.query(`DROP INDEX "public"."promotions_tenant_code"`);
    await q.query(`DROP INDEX "public"."promotions_tenant_issue_key"`);
    await q.query(`DROP TABLE "promotions"`);
    await q.query(`DROP TABLE "idempotency_keys"`);
    await q.query(`DROP INDEX "public"."orders_customer"`);
    await q.query(`DROP INDEX "public"."orders_quote"`);
    await q.query(`DROP INDEX "public"."orders_status"`);
    await q.query(`DROP TABLE "orders"`);
    await q.query(`DROP INDEX "public"."quotes_customer"`);
    await q.query(`DROP TABLE "quotes"`);
    await q.query(`DROP INDEX "public"."loyalty_movements_customer"`);
    await q.query(`DROP INDEX "public"."loyalty_movements_order_kind"`);
    await q.query(`DROP TABLE "loyalty_movements"`);
    await q.query(`DROP INDEX "public"."slot_holds_slot"`);
    await q.query(`DROP TABLE "slot_holds"`);
    await q.query(`DROP INDEX "public"."delivery_slots_start"`);
    await q.query(`DROP TABLE "delivery_slots"`);
    await q.query(`DROP TABLE "cart_items"`);
    await q.query(`DROP INDEX "public"."carts_owner"`);
    await q.query(`DROP TABLE "carts"`);
  }
}
