import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CommonV1, Events, IngressV1, toTimestamp } from '@concierge/contracts';
import { Outbox } from '@concierge/kafka';
import { DeliveryRepository } from '../../persistence/delivery.repository';

const Status = IngressV1.DeliveryStatus;
const BY_NAME: Record<string, IngressV1.DeliveryStatus> = {
  sent: Status.DELIVERY_STATUS_SENT,
  delivered: Status.DELIVERY_STATUS_DELIVERED,
  read: Status.DELIVERY_STATUS_READ,
  failed: Status.DELIVERY_STATUS_FAILED,
};

export interface DeliveryStatusReport {
  channelId: string;
  externalId: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  error: string;
}

/**
 * A provider status callback (WhatsApp sent/delivered/read/failed) moves the delivery forward and
 * publishes delivery-updated; a repeated or out-of-order callback changes nothing and publishes nothing.
 */
@Injectable()
export class RecordDeliveryStatusUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly deliveries: DeliveryRepository,
    private readonly outbox: Outbox,
  ) {}

  async execute(report: DeliveryStatusReport): Promise<boolean> {
    const status = BY_NAME[report.status];
    return this.dataSource.transaction(async (m) => {
      const d = await this.deliveries.advanceByExternalId(m, report.channelId, report.externalId, status, Status.DELIVERY_STATUS_FAILED, report.error);
      if (!d) return false;
      await this.outbox.add(m, {
        event: Events.deliveryUpdated,
        key: d.customerId,
        tenantId: d.tenantId,
        payload: {
          deliveryId: String(d.id),
          tenantId: d.tenantId,
          channelId: d.channelId,
          channelKind: d.channelKind as CommonV1.ChannelKind,
          customerId: d.customerId,
          replyId: d.replyId,
          status,
          error: report.error,
          attempts: d.attempts,
          updatedAt: toTimestamp(new Date()),
          externalId: report.externalId,
        },
      });
      return true;
    });
  }
}
