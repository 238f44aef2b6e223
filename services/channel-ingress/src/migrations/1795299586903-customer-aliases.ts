import { MigrationInterface, QueryRunner } from 'typeorm';

export class CustomerAliases1795299586903 implements MigrationInterface {
  name = 'CustomerAliases1795299586903';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "customer_aliases" ("merged_customer_id" uuid NOT NULL, "tenant_id" text NOT NULL, "survivor_customer_id" uuid NOT NULL, "merged_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bac655b30a4c2e9733c64f7fb6c" PRIMARY KEY ("merged_customer_id"))`);
    await q.query(`CREATE INDEX "customer_aliases_survivor" ON "customer_aliases" ("tenant_id", "survivor_customer_id") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."customer_aliases_survivor"`);
    await q.query(`DROP TABLE "customer_aliases"`);
  }
}
