import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, MoreThan } from 'typeorm';
import { DeliveryEntity } from './delivery.entity';

@Injectable()
export class DeliveryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Undefined when this reply was already taken (redelivered event). */
  async insertOnce(m: EntityManager, d: Omit<DeliveryEntity, 'id' | 'createdAt' | 'updatedAt' | 'attempts' | 'lastError' | 'externalId'>) {
    const result = await m.createQueryBuilder().insert().into(DeliveryEntity).values(d).orIgnore().returning(['id']).execute();
    const id = result.raw[0]?.id as string | undefined;
    return id ? m.findOneByOrFail(DeliveryEntity, { id }) : undefined;
  }

  async recordOutcome(m: EntityManager, id: string, patch: Pick<DeliveryEntity, 'status' | 'attempts' | 'lastError' | 'externalId'>) {
    await m.update(DeliveryEntity, { id }, { ...patch, updatedAt: new Date() });
  }

  /** Widget history after an SSE event id, for reconnects. */
  since(channelId: string, recipient: string, afterId: string, limit = 200): Promise<DeliveryEntity[]> {
    return this.dataSource.getRepository(DeliveryEntity).find({
      where: { channelId, recipient, id: MoreThan(afterId) },
      order: { id: 'ASC' },
      take: limit,
    });
  }
}
