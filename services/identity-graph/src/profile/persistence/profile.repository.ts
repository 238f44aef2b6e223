import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { MemoryFactEntity } from './memory-fact.entity';
import { ProfileAttributeEntity } from './profile-attribute.entity';
import { TraitEntity } from './trait.entity';

/** Best facts first, expired ones skipped: one index range, at most `limit` rows. */
export const TOP_FACTS_SQL = `SELECT * FROM memory_facts WHERE tenant_id = $1 AND customer_id = $2 AND (expires_at IS NULL OR expires_at > now())
  ORDER BY confidence DESC, created_at DESC LIMIT $3`;

@Injectable()
export class ProfileRepository {
  constructor(private readonly dataSource: DataSource) {}

  attributes(tenantId: string, customerId: string, m: EntityManager = this.dataSource.manager): Promise<ProfileAttributeEntity[]> {
    return m.getRepository(ProfileAttributeEntity).find({ where: { tenantId, customerId }, order: { key: 'ASC' }, take: 200 });
  }

  traits(tenantId: string, customerId: string, m: EntityManager = this.dataSource.manager): Promise<TraitEntity[]> {
    return m.getRepository(TraitEntity).find({ where: { tenantId, customerId }, order: { name: 'ASC' }, take: 100 });
  }

  async topFacts(tenantId: string, customerId: string, limit: number): Promise<MemoryFactEntity[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(TOP_FACTS_SQL, [tenantId, customerId, limit]);
    return rows.map((r) => ({
      id: r.id as string,
      tenantId: r.tenant_id as string,
      customerId: r.customer_id as string,
      subject: r.subject as string,
      fact: r.fact as string,
      sourceTurnId: r.source_turn_id as string,
      confidence: r.confidence as number,
      expiresAt: r.expires_at as Date | null,
      createdAt: r.created_at as Date,
    }));
  }
}
