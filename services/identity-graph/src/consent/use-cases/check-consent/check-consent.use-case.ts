import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CommonV1, IdentityV1 } from '@concierge/contracts';
import { requireCustomerId, requireTenant } from '../../../identity/domain/identifier';
import { CustomerLookup } from '../../../identity/persistence/customer-lookup';
import { channelKey, ConsentDecision, decideConsent, requirePurpose } from '../../domain/consent-rules';
import { ConsentRepository } from '../../persistence/consent.repository';

/** Asked before proactive contact: may we reach this customer for this purpose on this channel? */
@Injectable()
export class CheckConsentUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lookup: CustomerLookup,
    private readonly consents: ConsentRepository,
  ) {}

  async execute(q: { tenantId: string; customerId: string; purpose: IdentityV1.ConsentPurpose; channelKind: CommonV1.ChannelKind }): Promise<ConsentDecision> {
    const tenantId = requireTenant(q.tenantId);
    const id = requireCustomerId(q.customerId);
    const purpose = requirePurpose(q.purpose);
    const channel = channelKey(q.channelKind);
    const customer = await this.lookup.requireActive(this.dataSource.manager, tenantId, id);
    const records = (await this.consents.list(tenantId, customer.id)).filter((r) => r.purpose === purpose);
    return decideConsent(purpose, channel, records);
  }
}
