import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CommonV1, Events, IdentityV1, toTimestamp } from '@concierge/contracts';
import { Outbox } from '@concierge/kafka';
import { requireCustomerId, requireTenant } from '../../../identity/domain/identifier';
import { CustomerLookup } from '../../../identity/persistence/customer-lookup';
import { inTransaction } from '../../../identity/persistence/transaction';
import { channelKey, requirePurpose } from '../../domain/consent-rules';
import { ConsentEntity } from '../../persistence/consent.entity';
import { ConsentRepository } from '../../persistence/consent.repository';

export interface SetConsentCommand {
  tenantId: string;
  customerId: string;
  purpose: IdentityV1.ConsentPurpose;
  channelKind: CommonV1.ChannelKind;
  granted: boolean;
  source: string;
}

/** Grants or revokes one purpose on one channel (or every channel), with where the choice came from. */
@Injectable()
export class SetConsentUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lookup: CustomerLookup,
    private readonly consents: ConsentRepository,
    private readonly outbox: Outbox,
  ) {}

  async execute(cmd: SetConsentCommand): Promise<ConsentEntity> {
    const tenantId = requireTenant(cmd.tenantId);
    const id = requireCustomerId(cmd.customerId);
    const purpose = requirePurpose(cmd.purpose);
    const channel = channelKey(cmd.channelKind);
    return inTransaction(this.dataSource, async (m) => {
      const customer = await this.lookup.requireActive(m, tenantId, id);
      return this.apply(m, tenantId, customer.id, purpose, channel, !!cmd.granted, (cmd.source || 'api').trim().slice(0, 100));
    });
  }

  async apply(m: EntityManager, tenantId: string, customerId: string, purpose: string, channel: string, granted: boolean, source: string): Promise<ConsentEntity> {
    const saved = await this.consents.upsert(m, { customerId, tenantId, purpose, channelKind: channel, granted, source });
    const field = `consents.${purpose.replace('CONSENT_PURPOSE_', '').toLowerCase()}.${channel ? channel.replace('CHANNEL_KIND_', '').toLowerCase() : 'all'}`;
    await this.outbox.add(m, {
      event: Events.profileUpdated,
      key: customerId,
      tenantId,
      payload: { tenantId, customerId, changedFields: [field], updatedAt: toTimestamp(saved.updatedAt) },
    });
    return saved;
  }
}
