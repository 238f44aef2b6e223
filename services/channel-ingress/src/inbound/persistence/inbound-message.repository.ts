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

  /** The customer's latest message on each channel, newest first: where a proactive message can go. */
  latestPerChannel(tenantId: string, customerId: string): Promise<InboundMessageEntity[]> {
    return this.dataSource
      .getRepository(InboundMessageEntity)
      .createQueryBuilder('m')
      .distinctOn(['m.channelId'])
      .where(
        `m.tenant_id = :tenantId AND (m.customer_id = :customerId OR m.customer_id IN (SELECT a.merged_customer_id FROM customer_aliases a WHERE a.tenant_id = :tenantId AND a.survivor_customer_id = :customerId))`,
        { tenantId, customerId },
      )
      .orderBy('m.channelId')
      .addOrderBy('m.receivedAt', 'DESC')
      .getMany()
      .then((rows) => rows.sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime()));
  }

  /** When this sender last wrote on this channel (24-hour windows). */
  async lastFrom(channelId: string, replyAddress: string): Promise<Date | undefined> {
    const row = await this.dataSource
      .getRepository(InboundMessageEntity)
      .createQueryBuilder('m')
      .select('max(m.received_at)', 'at')
      .where('m.channel_id = :channelId AND m.reply_address = :replyAddress', { channelId, replyAddress })
      .getRawOne<{ at: Date | null }>();
    return row?.at ? new Date(row.at) : undefined;
  }
}
