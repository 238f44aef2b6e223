import { Injectable } from '@nestjs/common';
import { IdentityV1 } from '@concierge/contracts';
import { normalizeIdentifier, requireTenant } from '../../domain/identifier';
import { IdentityRepository } from '../../persistence/identity.repository';

export interface ResolveIdentityCommand {
  tenantId: string;
  type: IdentityV1.IdentifierType;
  value: string;
  hints: { type: IdentityV1.IdentifierType; value: string; verified: boolean }[];
  displayName: string;
  locale: string;
}

/** Finds the customer behind an identifier, creating one when none matches. */
@Injectable()
export class ResolveIdentityUseCase {
  constructor(private readonly identities: IdentityRepository) {}

  async execute(cmd: ResolveIdentityCommand): Promise<{ customerId: string; created: boolean }> {
    const tenantId = requireTenant(cmd.tenantId);
    const value = normalizeIdentifier(cmd.type, cmd.value);
    const hints = cmd.hints.map((h) => ({ type: h.type, value: normalizeIdentifier(h.type, h.value), verified: h.verified }));
    const existing = await this.identities.findCustomerIdByIdentifier(tenantId, cmd.type, value);
    const result = existing
      ? { customerId: existing, created: false }
      : await this.identities.createCustomerWithIdentifier(
          { tenantId, displayName: cmd.displayName?.trim().slice(0, 200) ?? '', locale: cmd.locale ?? '' },
          { type: cmd.type, value, verified: false },
        );
    if (hints.length) await this.identities.attachIdentifiers(tenantId, result.customerId, hints);
    return result;
  }
}
