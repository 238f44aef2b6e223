import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CommonV1, Events, PredictionV1, toTimestamp } from '@concierge/contracts';
import { Outbox } from '@concierge/kafka';
import { DataSource } from 'typeorm';
import { ForecastingRepository } from '../../persistence/forecasting.repository';

export type OutreachActionName = 'reorder' | 'try_new_product' | 'win_back' | 'follow_up';

const ACTIONS: Record<OutreachActionName, PredictionV1.OutreachAction> = {
  reorder: PredictionV1.OutreachAction.OUTREACH_ACTION_REORDER,
  try_new_product: PredictionV1.OutreachAction.OUTREACH_ACTION_TRY_NEW_PRODUCT,
  win_back: PredictionV1.OutreachAction.OUTREACH_ACTION_WIN_BACK,
  follow_up: PredictionV1.OutreachAction.OUTREACH_ACTION_FOLLOW_UP,
};

export interface OutreachToEmit {
  tenantId: string;
  customerId: string;
  productId: string;
  productName: string;
  action: OutreachActionName;
  reason: string;
  cycleKey: string;
  dueAt: Date;
  emittedAt: Date;
  runOutAt?: Date;
  quantity: number;
  channelKind: string;
  requiresTemplate: boolean;
  signalId?: string;
}

/** Logs the outreach and writes outreach-due to the outbox in one transaction; once per customer × product × cycle. */
@Injectable()
export class OutreachEmitter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ForecastingRepository,
    private readonly outbox: Outbox,
  ) {}

  async emit(o: OutreachToEmit): Promise<string | undefined> {
    const outreachId = randomUUID();
    return this.dataSource.transaction(async (m) => {
      const fresh = await this.repo.recordOutreach(m, {
        outreachId, tenantId: o.tenantId, customerId: o.customerId, productId: o.productId, action: o.action, cycleKey: o.cycleKey,
        reason: o.reason, channelKind: o.channelKind, dueAt: o.dueAt, emittedAt: o.emittedAt,
      });
      if (!fresh) return undefined;
      await this.outbox.add(m, {
        event: Events.outreachDue,
        key: o.customerId,
        tenantId: o.tenantId,
        eventId: outreachId,
        payload: {
          outreachId,
          tenantId: o.tenantId,
          customerId: o.customerId,
          productId: o.productId,
          action: ACTIONS[o.action],
          reason: o.reason,
          predictedRunOutAt: o.runOutAt ? toTimestamp(o.runOutAt) : undefined,
          dueAt: toTimestamp(o.dueAt),
          channelKind: (o.channelKind || CommonV1.ChannelKind.CHANNEL_KIND_UNSPECIFIED) as CommonV1.ChannelKind,
          quantity: o.quantity,
          productName: o.productName,
          requiresTemplate: o.requiresTemplate,
          signalId: o.signalId ?? '',
        },
      });
      return outreachId;
    });
  }
}
