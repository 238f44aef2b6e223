import { eventTenant, eventTime, eventUuid } from '@concierge/kafka';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CommonV1, DialogueV1 } from '@concierge/contracts';
import { CustomerActivityRepository } from '../../persistence/customer-activity.repository';
import { CustomerDirectory } from '@concierge/persistence';

export interface RecordContactCommand {
  turn: DialogueV1.TurnCompleted;
  headerTenantId: string;
  ceTime: string;
}

/** Remembers when and on which channel a customer last wrote, from a completed dialogue turn. */
@Injectable()
export class RecordContactUseCase {
  constructor(
    private readonly directory: CustomerDirectory,
    private readonly activity: CustomerActivityRepository,
  ) {}

  async execute(m: EntityManager, { turn, headerTenantId, ceTime }: RecordContactCommand): Promise<void> {
    const tenantId = eventTenant(turn.tenantId, headerTenantId);
    const customer = await this.directory.resolve(m, tenantId, eventUuid(turn.customerId, 'customer_id'));
    if (customer.erased) return;
    const channel = turn.channelKind || CommonV1.ChannelKind.CHANNEL_KIND_UNSPECIFIED;
    await this.activity.recordContact(m, tenantId, customer.customerId, eventTime(turn.receivedAt, ceTime), channel);
  }
}
