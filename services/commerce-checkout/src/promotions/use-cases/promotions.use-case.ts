import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CheckoutV1, fromTimestamp } from '@concierge/contracts';
import { SERVICE_CONFIG } from '@concierge/service-kit';
import type { CommerceCheckoutEnv } from '../../config/commerce-checkout.env';
import { CheckoutErrorCode, CheckoutException, requireTenantId } from '../../shared/checkout.exception';
import { CustomerScope } from '../../shared/customer-scope';
import { CompensationPolicyEntity, PromotionEntity } from '../persistence/promotion.entity';

const CODE = /^[A-Z0-9][A-Z0-9_-]{2,39}$/;

export const normalizeCode = (code: string) => code.trim().toUpperCase();

export function toPromotionProto(p: PromotionEntity): CheckoutV1.Promotion {
  return {
    code: p.code,
    kind: p.kind === 'percent' ? CheckoutV1.DiscountKind.DISCOUNT_KIND_PERCENT : CheckoutV1.DiscountKind.DISCOUNT_KIND_FIXED,
    value: p.value,
    currency: p.currency,
    minSubtotalMinor: p.minSubtotalMinor,
    productIds: p.productIds,
    tags: p.tags,
    startsAt: p.startsAt ? { seconds: String(Math.floor(p.startsAt.getTime() / 1000)), nanos: 0 } : undefined,
    expiresAt: p.expiresAt ? { seconds: String(Math.floor(p.expiresAt.getTime() / 1000)), nanos: 0 } : undefined,
    perCustomerLimit: p.perCustomerLimit,
    totalLimit: p.totalLimit,
    stackable: p.stackable,
    customerId: p.customerId ?? '',
    timesUsed: p.timesUsed,
    description: p.description,
  };
}

/** Coupons: defined by the shop (UpsertPromotion) or issued as goodwill within the tenant's cap (calm mode). */
@Injectable()
export class PromotionsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scope: CustomerScope,
    @Inject(SERVICE_CONFIG) private readonly config: CommerceCheckoutEnv,
  ) {}

  async upsert(req: CheckoutV1.UpsertPromotionRequest): Promise<CheckoutV1.UpsertPromotionResponse> {
    const tenantId = requireTenantId(req.tenantId);
    const p = req.promotion;
    const bad = (msg: string) => new CheckoutException(CheckoutErrorCode.PromotionInvalid, msg);
    if (!p) throw bad('promotion is required');
    const code = normalizeCode(p.code ?? '');
    if (!CODE.test(code)) throw bad('code must be 3 to 40 letters, digits, "-" or "_"');
    const kind = p.kind === CheckoutV1.DiscountKind.DISCOUNT_KIND_PERCENT ? 'percent' : p.kind === CheckoutV1.DiscountKind.DISCOUNT_KIND_FIXED ? 'fixed' : '';
    if (!kind) throw bad('kind must be DISCOUNT_KIND_PERCENT or DISCOUNT_KIND_FIXED');
    if (!/^\d{1,15}$/.test(String(p.value ?? '')) || BigInt(p.value) <= 0n) throw bad('value must be a positive whole number');
    if (kind === 'percent' && BigInt(p.value) > 10_000n) throw bad('a percent value is in basis points, at most 10000 (100 %)');
    const currency = (p.currency ?? '').trim().toUpperCase();
    if (kind === 'fixed' && !/^[A-Z]{3}$/.test(currency)) throw bad('a fixed discount needs a 3-letter currency');
    if (!/^\d{1,15}$/.test(String(p.minSubtotalMinor || '0'))) throw bad('min_subtotal_minor must be a whole number, 0 or more');
    if ((p.perCustomerLimit ?? 0) < 0 || (p.totalLimit ?? 0) < 0) throw bad('limits must be 0 (unlimited) or more');
    const startsAt = fromTimestamp(p.startsAt) ?? null;
    const expiresAt = fromTimestamp(p.expiresAt) ?? null;
    if (startsAt && expiresAt && expiresAt <= startsAt) throw bad('expires_at must be after starts_at');
    const repo = this.dataSource.getRepository(PromotionEntity);
    const existing = await repo.findOne({ where: { tenantId, code } });
    const saved = await repo.save({
      ...(existing ?? {}),
      tenantId,
      code,
      kind,
      value: String(BigInt(p.value)),
      currency,
      minSubtotalMinor: String(BigInt(p.minSubtotalMinor || '0')),
      productIds: (p.productIds ?? []).map((id) => id.toLowerCase()),
      tags: [...new Set((p.tags ?? []).map((t) => t.trim().toLowerCase()).filter(Boolean))],
      startsAt,
      expiresAt,
      perCustomerLimit: p.perCustomerLimit ?? 0,
      totalLimit: p.totalLimit ?? 0,
      stackable: !!p.stackable,
      customerId: p.customerId ? p.customerId.toLowerCase() : null,
      description: (p.description ?? '').slice(0, 500),
    });
    return { promotion: toPromotionProto(saved as PromotionEntity), created: !existing };
  }

  async setPolicy(req: CheckoutV1.SetCompensationPolicyRequest): Promise<void> {
    const tenantId = requireTenantId(req.tenantId);
    const max = BigInt(req.maxCouponMinor || '0');
    const budget = BigInt(req.budgetPer30DaysMinor || '0');
    if (max < 0n || budget < 0n) throw new CheckoutException(CheckoutErrorCode.PromotionInvalid, 'caps must be 0 or more');
    await this.dataSource.getRepository(CompensationPolicyEntity).save({ tenantId, maxCouponMinor: max.toString(), budgetMinor: budget.toString(), currency: (req.currency ?? '').toUpperCase() });
  }

  /** One goodwill coupon per idempotency key, refused above the per-coupon cap or the tenant's rolling 30-day budget. */
  issueCompensation(req: CheckoutV1.IssueCompensationCouponRequest): Promise<CheckoutV1.IssueCompensationCouponResponse> {
    return this.dataSource.transaction(async (m) => {
      const { tenantId, customerId } = await this.scope.resolve(m, req.tenantId, req.customerId);
      const value = BigInt(/^\d{1,15}$/.test(String(req.valueMinor ?? '')) ? req.valueMinor : '0');
      if (value <= 0n) throw new CheckoutException(CheckoutErrorCode.PromotionInvalid, 'value_minor must be a positive whole number of minor units');
      const currency = (req.currency ?? '').trim().toUpperCase();
      if (!/^[A-Z]{3}$/.test(currency)) throw new CheckoutException(CheckoutErrorCode.PromotionInvalid, 'currency must be a 3-letter code');
      const issueKey = (req.idempotencyKey ?? '').trim() || null;
      // One issuer at a time per tenant, so two concurrent calls cannot both fit under the budget.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('compensation:' || $1))`, [tenantId]);
      const repo = m.getRepository(PromotionEntity);
      const policy = await m.getRepository(CompensationPolicyEntity).findOne({ where: { tenantId } });
      const maxCoupon = BigInt(policy?.maxCouponMinor ?? this.config.COMPENSATION_MAX_COUPON_MINOR);
      const budget = BigInt(policy?.budgetMinor ?? this.config.COMPENSATION_BUDGET_MINOR);
      const [{ used }]: { used: string }[] = await m.query(
        `SELECT coalesce(sum(value), 0)::text AS used FROM promotions WHERE tenant_id = $1 AND compensation AND created_at > now() - interval '30 days'`,
        [tenantId],
      );
      if (issueKey) {
        const prior = await repo.findOne({ where: { tenantId, issueKey } });
        if (prior) return { coupon: toPromotionProto(prior), remainingBudgetMinor: (budget - BigInt(used)).toString() };
      }
      if (value > maxCoupon)
        throw new CheckoutException(CheckoutErrorCode.CompensationOverCap, `a compensation coupon may be worth at most ${maxCoupon} minor units in this shop`);
      if (BigInt(used) + value > budget)
        throw new CheckoutException(CheckoutErrorCode.CompensationOverCap, `the shop's compensation budget has ${budget - BigInt(used)} minor units left for the last 30 days`);
      const days = req.validDays > 0 ? Math.min(req.validDays, 365) : 30;
      const coupon = await repo.save({
        tenantId,
        code: `SORRY-${randomBytes(4).toString('hex').toUpperCase()}`,
        kind: 'fixed',
        value: value.toString(),
        currency,
        minSubtotalMinor: '0',
        productIds: [],
        tags: [],
        startsAt: null,
        expiresAt: new Date(Date.now() + days * 86_400_000),
        perCustomerLimit: 1,
        totalLimit: 1,
        stackable: true,
        customerId,
        compensation: true,
        issueKey,
        description: (req.reason ?? 'compensation').slice(0, 500),
      });
      return { coupon: toPromotionProto(coupon as PromotionEntity), remainingBudgetMinor: (budget - BigInt(used) - value).toString() };
    });
  }
}
