import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { IdentityV1 } from '@concierge/contracts';
import { normalizeIdentifier, normalizeRegion, requireIdentifierType, requireTenant, typeLabel } from '../../domain/identifier';
import { IdentifierClaim, IdentityRepository } from '../../persistence/identity.repository';
import { CustomerLookup } from '../../persistence/customer-lookup';
import { inTransaction, RetryTransaction } from '../../persistence/transaction';
import { isTrustedClaim, TenantIdentityRules } from '../../../settings/domain/tenant-settings';
import { TenantSettingsRepository } from '../../../settings/persistence/tenant-settings.repository';
import { findConflict, pickSurvivor } from '../../../merging/domain/merge-rules';
import { MergeRepository } from '../../../merging/persistence/merge.repository';
import { MergeReviewRepository } from '../../../merging/persistence/merge-review.repository';

const Type = IdentityV1.IdentifierType;

export interface ResolveIdentityCommand {
  tenantId: string;
  type: IdentityV1.IdentifierType;
  value: string;
  hints: { type: IdentityV1.IdentifierType; value: string; verified: boolean; source?: string }[];
  displayName: string;
  locale: string;
  verified?: boolean;
  defaultRegion?: string;
  source?: string;
}

export interface ResolveIdentityResult {
  customerId: string;
  created: boolean;
  mergeIds: string[];
  reviewIds: string[];
}

/**
 * Finds the customer behind an identifier, creating one when none matches, and links the
 * extra identifiers the caller knows. A trusted identifier (verified email or phone, CRM id;
 * per tenant) already held by another customer merges the two, unless they conflict: then a
 * review is opened instead.
 */
@Injectable()
export class ResolveIdentityUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly identities: IdentityRepository,
    private readonly settings: TenantSettingsRepository,
    private readonly lookup: CustomerLookup,
    private readonly merges: MergeRepository,
    private readonly reviews: MergeReviewRepository,
  ) {}

  async execute(cmd: ResolveIdentityCommand): Promise<ResolveIdentityResult> {
    const tenantId = requireTenant(cmd.tenantId);
    const rules = await this.settings.get(tenantId);
    const region = normalizeRegion(cmd.defaultRegion) ?? rules.defaultRegion;
    const type = requireIdentifierType(cmd.type);
    const source = cmd.source?.trim().slice(0, 100) || typeLabel(type);
    const main: IdentifierClaim = {
      type,
      value: normalizeIdentifier(type, cmd.value, region),
      verified: !!cmd.verified || type === Type.IDENTIFIER_TYPE_CRM_ID,
      source,
    };
    const hints: IdentifierClaim[] = cmd.hints.map((h) => {
      const t = requireIdentifierType(h.type);
      return { type: t, value: normalizeIdentifier(t, h.value, region), verified: !!h.verified || t === Type.IDENTIFIER_TYPE_CRM_ID, source: h.source?.trim() || source };
    });
    const existing = await this.identities.findCustomerIdByIdentifier(tenantId, main.type, main.value);
    if (existing && !hints.length && !main.verified) return { customerId: existing, created: false, mergeIds: [], reviewIds: [] };

    const first = existing
      ? { customerId: existing, created: false }
      : await this.identities.createCustomerWithIdentifier(
          { tenantId, displayName: cmd.displayName?.trim().slice(0, 200) ?? '', locale: cmd.locale?.trim().slice(0, 35) ?? '' },
          main,
        );
    const result: ResolveIdentityResult = { ...first, mergeIds: [], reviewIds: [] };
    for (const claim of [...(main.verified ? [main] : []), ...hints]) {
      // Channels repeat their hints on every message: a claim already in place costs one indexed read, no lock.
      const holder = await this.identities.findHolder(tenantId, claim.type, claim.value);
      if (holder?.customerId === result.customerId && (holder.verified || !claim.verified)) continue;
      const linked = await inTransaction(this.dataSource, (m) => this.link(m, tenantId, result.customerId, claim, rules));
      result.customerId = linked.customerId;
      if (linked.mergeId) result.mergeIds.push(linked.mergeId);
      if (linked.reviewId) result.reviewIds.push(linked.reviewId);
    }
    if (result.customerId !== first.customerId) result.created = false;
    return result;
  }

  private async link(
    m: EntityManager,
    tenantId: string,
    customerId: string,
    claim: IdentifierClaim,
    rules: TenantIdentityRules,
  ): Promise<{ customerId: string; mergeId?: string; reviewId?: string }> {
    const [held]: { customer_id: string; verified: boolean }[] = await m.query(
      `SELECT customer_id, verified FROM identities WHERE tenant_id = $1 AND type = $2 AND value = $3 FOR UPDATE`,
      [tenantId, claim.type, claim.value],
    );
    const owner = await this.lookup.requireActive(m, tenantId, customerId);
    if (!held) {
      // A concurrent claim makes this insert fail on the unique index; the transaction is retried and finds it.
      await m.query(`INSERT INTO identities (tenant_id, customer_id, type, value, verified, source) VALUES ($1, $2, $3, $4, $5, $6)`, [
        tenantId,
        owner.id,
        claim.type,
        claim.value,
        claim.verified,
        claim.source,
      ]);
      return { customerId: owner.id };
    }
    if (held.customer_id === owner.id) {
      if (claim.verified && !held.verified)
        await m.query(`UPDATE identities SET verified = true, source = $4 WHERE tenant_id = $1 AND type = $2 AND value = $3`, [
          tenantId,
          claim.type,
          claim.value,
          claim.source,
        ]);
      return { customerId: owner.id };
    }
    // Held by someone else: an untrusted claim changes nothing (anyone can type an email address).
    if (!isTrustedClaim(rules, claim.type as IdentityV1.IdentifierType, claim.verified)) return { customerId: owner.id };
    if (!isTrustedClaim(rules, claim.type as IdentityV1.IdentifierType, held.verified)) {
      const reviewId = await this.reviews.open(m, tenantId, owner.id, held.customer_id, claim, `the other customer holds this ${typeLabel(claim.type)} unverified`);
      return { customerId: owner.id, reviewId };
    }
    const locked = await this.merges.lock(m, tenantId, [owner.id, held.customer_id]);
    const a = locked.get(owner.id);
    const b = locked.get(held.customer_id);
    if (a?.status !== 'active' || b?.status !== 'active') throw new RetryTransaction('a customer changed while linking');
    const conflict = rules.autoMerge ? findConflict(a, b, claim) : 'automatic merging is off for this tenant';
    if (conflict) return { customerId: owner.id, reviewId: await this.reviews.open(m, tenantId, a.id, b.id, claim, conflict) };
    const { survivor, merged } = pickSurvivor(a, b);
    const mergeId = await this.merges.merge(m, tenantId, survivor, merged, `shared verified ${typeLabel(claim.type)}`, true);
    return { customerId: survivor.id, mergeId };
  }
}
