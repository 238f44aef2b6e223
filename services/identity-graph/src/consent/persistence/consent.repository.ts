import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ConsentEntity } from './consent.entity';

@Injectable()
export class ConsentRepository {
  constructor(private readonly dataSource: DataSource) {}

  list(tenantId: string, customerId: string, m: EntityManager = this.dataSource.manager): Promise<ConsentEntity[]> {
    return m.getRepository(ConsentEntity).find({ where: { tenantId, customerId }, order: { purpose: 'ASC', channelKind: 'ASC' } });
  }

  async upsert(m: EntityManager, c: Omit<ConsentEntity, 'updatedAt'>): Promise<ConsentEntity> {
    await m.query(
      `INSERT INTO consents (customer_id, purpose, channel_kind, tenant_id, granted, source, updated_at) VALUES ($1, $2, $3, $4, $5, $6, clock_timestamp())
       ON CONFLICT (customer_id, purpose, channel_kind) DO UPDATE SET granted = EXCLUDED.granted, source = EXCLUDED.source, updated_at = EXCLUDED.updated_at`,
      [c.customerId, c.purpose, c.channelKind, c.tenantId, c.granted, c.source],
    );
    return m.findOneByOrFail(ConsentEntity, { customerId: c.customerId, purpose: c.purpose, channelKind: c.channelKind });
  }
}
