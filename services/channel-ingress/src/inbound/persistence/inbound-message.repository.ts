import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { InboundMessageEntity } from './inbound-message.entity';

@Injectable()
export class InboundMessageRepository {
  constructor(private readonly dataSource: DataSource) {}

  async exists(channelId: string, externalMessageId: string): Promise<boolean> {
    return this.dataSource.getRepository(InboundMessageEntity).exists({ where: { channelId, externalMessageId } });
  }

  /** False when the dedupe key was already taken (a provider redelivery that raced us). */
  async insertOnce(m: EntityManager, message: InboundMessageEntity): Promise<boolean> {
    const result = await m
      .createQueryBuilder()
      .insert()
      .into(InboundMessageEntity)
      .values(message)
      .orIgnore()
      .returning(['id'])
      .execute();
    return result.raw.length > 0;
  }

  findById(id: string): Promise<InboundMessageEntity | null> {
    return this.dataSource.getRepository(InboundMessageEntity).findOne({ where: { id } });
  }
}
