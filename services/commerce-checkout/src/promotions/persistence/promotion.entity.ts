import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'promotions' })
@Index('promotions_tenant_code', ['tenantId', 'code'], { unique: true })
@Index('promotions_tenant_issue_key', ['tenantId', 'issueKey'], { unique: true })
export class PromotionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  // Upper-case coupon code the customer types.
  @Column({ type: 'text' })
  code: string;

  // percent | fixed
  @Column({ type: 'text' })
  kind: string;

  // percent: basis points; fixed: minor units.
  @Column({ type: 'bigint' })
  value: string;

  @Column({ type: 'text', default: '' })
  currency: string;

  @Column({ name: 'min_subtotal_minor', type: 'bigint', default: 0 })
  minSubtotalMinor: string;

  @Column({ name: 'product_ids', type: 'text', array: true, default: () => `'{}'` })
  productIds: string[];

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  tags: string[];

  @Column({ name: 'starts_at', type: 'timestamptz', nullable: true })
  startsAt: Date | null;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @Column({ name: 'per_customer_limit', type: 'int', default: 0 })
  perCustomerLimit: number;

  @Column({ name: 'total_limit', type: 'int', default: 0 })
  totalLimit: number;

  @Column({ name: 'times_used', type: 'int', default: 0 })
  timesUsed: number;

  @Column({ type: 'boolean', default: false })
  stackable: boolean;

  // A compensation coupon belongs to one customer.
  @Column({ name: 'customer_id', type: 'uuid', nullable: true })
  customerId: string | null;

  @Column({ type: 'boolean', default: false })
  compensation: boolean;

  // The caller's idempotency key of a compensation issue.
  @Column({ name: 'issue_key', type: 'text', nullable: true })
  issueKey: string | null;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}

@Entity({ name: 'promotion_redemptions' })
@Index('promotion_redemptions_customer', ['tenantId', 'promotionId', 'customerId'])
export class PromotionRedemptionEntity {
  @PrimaryColumn({ name: 'promotion_id', type: 'uuid' })
  promotionId: string;

  @PrimaryColumn({ name: 'order_id', type: 'uuid' })
  orderId: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Column({ name: 'discount_minor', type: 'bigint' })
  discountMinor: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}

/** A tenant's limits on goodwill coupons; absent = the service defaults. */
@Entity({ name: 'compensation_policies' })
export class CompensationPolicyEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ name: 'max_coupon_minor', type: 'bigint' })
  maxCouponMinor: string;

  @Column({ name: 'budget_minor', type: 'bigint' })
  budgetMinor: string;

  @Column({ type: 'text', default: '' })
  currency: string;
}
