import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IdentityV1 } from '@concierge/contracts';
import { requireTenant } from '../../../identity/domain/identifier';
import { IdentityErrorCode, IdentityException } from '../../../identity/domain/identity.exception';
import { inTransaction } from '../../../identity/persistence/transaction';
import { CustomerLookup } from '../../../identity/persistence/customer-lookup';
import { ResolveIdentityResult, ResolveIdentityUseCase } from '../../../identity/use-cases/resolve-identity/resolve-identity.use-case';
import { validateAttribute } from '../../../profile/domain/profile-rules';
import { SetProfileAttributesUseCase } from '../../../profile/use-cases/set-profile-attributes/set-profile-attributes.use-case';
import { SetConsentUseCase } from '../../../consent/use-cases/set-consent/set-consent.use-case';
import { Events, toTimestamp } from '@concierge/contracts';
import { Outbox } from '@concierge/kafka';

const Type = IdentityV1.IdentifierType;
const SOURCE = 'crm';

export interface UpsertCrmCustomerCommand {
  tenantId: string;
  crmId: string;
  displayName: string;
  email: string;
  phone: string;
  locale: string;
  timezone: string;
  attributes: Record<string, string>;
  emailVerified: boolean;
  phoneVerified: boolean;
  defaultRegion: string;
  marketingConsent?: boolean;
}

/**
 * CRM sync: the customer keyed by the CRM id is found or created, the email and phone are
 * linked (merging with a chat customer who verified the same one), and the CRM's profile
 * fields are written with source "crm". Every field is validated before anything is written.
 */
@Injectable()
export class UpsertCrmCustomerUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly resolve: ResolveIdentityUseCase,
    private readonly lookup: CustomerLookup,
    private readonly attributes: SetProfileAttributesUseCase,
    private readonly consent: SetConsentUseCase,
    private readonly outbox: Outbox,
  ) {}

  async execute(cmd: UpsertCrmCustomerCommand): Promise<ResolveIdentityResult> {
    const tenantId = requireTenant(cmd.tenantId);
    if (!cmd.crmId?.trim()) throw new IdentityException(IdentityErrorCode.CrmIdRequired, 'crm_id is required');
    const attrs = [
      ['name', cmd.displayName],
      ['locale', cmd.locale],
      ['timezone', cmd.timezone],
      ...Object.entries(cmd.attributes ?? {}),
    ]
      .filter(([, v]) => v?.trim())
      .map(([k, v]) => ({ ...validateAttribute(k, v), source: SOURCE }));
    const hints = [
      ...(cmd.email?.trim() ? [{ type: Type.IDENTIFIER_TYPE_EMAIL, value: cmd.email, verified: !!cmd.emailVerified, source: SOURCE }] : []),
      ...(cmd.phone?.trim() ? [{ type: Type.IDENTIFIER_TYPE_PHONE, value: cmd.phone, verified: !!cmd.phoneVerified, source: SOURCE }] : []),
    ];
    const result = await this.resolve.execute({
      tenantId,
      type: Type.IDENTIFIER_TYPE_CRM_ID,
      value: cmd.crmId,
      hints,
      displayName: cmd.displayName,
      locale: cmd.locale,
      defaultRegion: cmd.defaultRegion,
      source: SOURCE,
    });
    await inTransaction(this.dataSource, async (m) => {
      const customer = await this.lookup.requireActive(m, tenantId, result.customerId, true);
      const changed = attrs.length ? await this.attributes.apply(m, tenantId, customer.id, attrs) : [];
      if (changed.length)
        await this.outbox.add(m, {
          event: Events.profileUpdated,
          key: customer.id,
          tenantId,
          payload: { tenantId, customerId: customer.id, changedFields: changed.map((k) => `attributes.${k}`), updatedAt: toTimestamp(new Date()) },
        });
      if (cmd.marketingConsent !== undefined) {
        const [current]: { granted: boolean }[] = await m.query(
          `SELECT granted FROM consents WHERE customer_id = $1 AND purpose = $2 AND channel_kind = ''`,
          [customer.id, IdentityV1.ConsentPurpose.CONSENT_PURPOSE_MARKETING],
        );
        if (current?.granted !== cmd.marketingConsent)
          await this.consent.apply(m, tenantId, customer.id, IdentityV1.ConsentPurpose.CONSENT_PURPOSE_MARKETING, '', cmd.marketingConsent, SOURCE);
      }
    });
    return result;
  }
}
