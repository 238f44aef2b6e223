import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795293040054 implements MigrationInterface {
  name = 'Initial1795293040054';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`INSERT INTO "typeorm_metadata"("database", "schema", "table", "type", "name", "value") VALUES (current_database(), $1, $2, $3, $4, $5)`, ["public","products","GENERATED_COLUMN","search","setweight(to_tsvector('english', lower(name COLLATE \"pg_c_utf8\")), 'A') || setweight(to_tsvector('russian', lower(name COLLATE \"pg_c_utf8\")), 'A') || setweight(to_tsvector('english', array_to_tsvector(tags)::text), 'B') || setweight(to_tsvector('russian', array_to_tsvector(tags)::text), 'B') || to_tsvector('english', lower(description COLLATE \"pg_c_utf8\")) || to_tsvector('russian', lower(description COLLATE \"pg_c_utf8\"))"]);
    await q.query(`CREATE TABLE "products" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "sku" text NOT NULL, "name" text NOT NULL, "description" text NOT NULL DEFAULT '', "price_minor" bigint NOT NULL, "currency" text NOT NULL, "stock" integer NOT NULL, "tags" text array NOT NULL DEFAULT '{}', "pack_size" text NOT NULL DEFAULT '', "typical_days_of_use" integer NOT NULL DEFAULT '0', "attributes" jsonb NOT NULL DEFAULT '{}', "search" tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english', lower(name COLLATE "pg_c_utf8")), 'A') || setweight(to_tsvector('russian', lower(name COLLATE "pg_c_utf8")), 'A') || setweight(to_tsvector('english', array_to_tsvector(tags)::text), 'B') || setweight(to_tsvector('russian', array_to_tsvector(tags)::text), 'B') || to_tsvector('english', lower(description COLLATE "pg_c_utf8")) || to_tsvector('russian', lower(description COLLATE "pg_c_utf8"))) STORED NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0806c755e0aca124e67c0cf6d7d" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "products_search" ON "products" USING GiST ("search") `);
    await q.query(`CREATE INDEX "products_tenant_name" ON "products" ("tenant_id", "name", "id") `);
    await q.query(`CREATE UNIQUE INDEX "products_tenant_sku" ON "products" ("tenant_id", "sku") `);
    await q.query(`CREATE TABLE "customer_aliases" ("tenant_id" text NOT NULL, "merged_customer_id" uuid NOT NULL, "survivor_customer_id" uuid NOT NULL, "merged_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_9df8a5cbfcc9a39cc947e0edc1b" PRIMARY KEY ("tenant_id", "merged_customer_id"))`);
    await q.query(`CREATE INDEX "customer_aliases_survivor" ON "customer_aliases" ("tenant_id", "survivor_customer_id") `);
    await q.query(`CREATE TABLE "customer_tombstones" ("tenant_id" text NOT NULL, "customer_id" uuid NOT NULL, "erased_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_e6c3d6670862fd4aa3d39e91074" PRIMARY KEY ("tenant_id", "customer_id"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "customer_tombstones"`);
    await q.query(`DROP INDEX "public"."customer_aliases_survivor"`);
    await q.query(`DROP TABLE "customer_aliases"`);
    await q.query(`DROP INDEX "public"."products_tenant_sku"`);
    await q.query(`DROP INDEX "public"."products_tenant_name"`);
    await q.query(`DROP INDEX "public"."products_search"`);
    await q.query(`DROP TABLE "products"`);
    await q.query(`DELETE FROM "typeorm_metadata" WHERE "type" = $1 AND "name" = $2 AND "database" = current_database() AND "schema" = $3 AND "table" = $4`, ["GENERATED_COLUMN","search","public","products"]);
  }
}
