import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795291813801 implements MigrationInterface {
  name = 'Initial1795291813801';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "customer_activity" ("tenant_id" text NOT NULL, "customer_id" uuid NOT NULL, "last_contact_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_channel_kind" text NOT NULL, CONSTRAINT "PK_99b7b36145abffb9e3d62011f5f" PRIMARY KEY ("tenant_id", "customer_id"))`);
    await q.query(`CREATE TABLE "customer_aliases" ("tenant_id" text NOT NULL, "merged_customer_id" uuid NOT NULL, "survivor_customer_id" uuid NOT NULL, "merged_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_9df8a5cbfcc9a39cc947e0edc1b" PRIMARY KEY ("tenant_id", "merged_customer_id"))`);
    await q.query(`CREATE INDEX "customer_aliases_survivor" ON "customer_aliases" ("tenant_id", "survivor_customer_id") `);
    await q.query(`CREATE TABLE "customer_tombstones" ("tenant_id" text NOT NULL, "customer_id" uuid NOT NULL, "erased_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_e6c3d6670862fd4aa3d39e91074" PRIMARY KEY ("tenant_id", "customer_id"))`);
    await q.query(`CREATE TABLE "purchases" ("tenant_id" text NOT NULL, "order_id" text NOT NULL, "product_id" text NOT NULL, "customer_id" uuid NOT NULL, "quantity" integer NOT NULL, "purchased_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_a9930c26d997735e3b2ee659d6e" PRIMARY KEY ("tenant_id", "order_id", "product_id"))`);
    await q.query(`CREATE INDEX "purchases_customer_time" ON "purchases" ("tenant_id", "customer_id", "purchased_at") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."purchases_customer_time"`);
    await q.query(`DROP TABLE "purchases"`);
    await q.query(`DROP TABLE "customer_tombstones"`);
    await q.query(`DROP INDEX "public"."customer_aliases_survivor"`);
    await q.query(`DROP TABLE "customer_aliases"`);
    await q.query(`DROP TABLE "customer_activity"`);
  }
}
