import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { AddressJson, QuoteBody, QuoteLineJson } from '../domain/quote-body';

@Entity({ name: 'quotes' })
@Index('quotes_customer', ['tenantId', 'customerId', 'createdAt'])
export class QuoteEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  // Everything the signature covers, priced by this service.
  @Column({ type: 'jsonb' })
  body: QuoteBody;

  @Column({ type: 'text' })
  signature: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'order_id', type: 'uuid', nullable: true })
  orderId: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}

@Entity({ name: 'orders' })
@Index('orders_customer', ['tenantId', 'customerId', 'placedAt'])
@Index('orders_quote', ['quoteId'], { unique: true })
@Index('orders_status', ['status', 'reservedUntil'])
export class OrderEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Column({ name: 'conversation_id', type: 'text', default: '' })
  conversationId: string;

  @Column({ name: 'quote_id', type: 'uuid' })
  quoteId: string;

  // placed | paid | shipped | delivered | completed | cancelled | refunded
  @Column({ type: 'text' })
  status: string;

  @Column({ type: 'jsonb' })
  lines: QuoteLineJson[];

  @Column({ type: 'text' })
  currency: string;

  @Column({ name: 'subtotal_minor', type: 'bigint' })
  subtotalMinor: string;

  @Column({ name: 'discount_minor', type: 'bigint' })
  discountMinor: string;

  @Column({ name: 'delivery_minor', type: 'bigint' })
  deliveryMinor: string;

  @Column({ name: 'tax_minor', type: 'bigint' })
  taxMinor: string;

  @Column({ name: 'total_minor', type: 'bigint' })
  totalMinor: string;

  @Column({ name: 'points_redeemed', type: 'bigint', default: 0 })
  pointsRedeemed: string;

  @Column({ name: 'points_earned', type: 'bigint', default: 0 })
  pointsEarned: string;

  @Column({ name: 'coupon_codes', type: 'text', array: true, default: () => `'{}'` })
  couponCodes: string[];

  // delivery | pickup | try_on
  @Column({ type: 'text' })
  fulfilment: string;

  @Column({ name: 'slot_id', type: 'text', default: '' })
  slotId: string;

  @Column({ type: 'jsonb', nullable: true })
  address: AddressJson | null;

  @Column({ name: 'reserved_until', type: 'timestamptz', nullable: true })
  reservedUntil: Date | null;

  @Column({ name: 'payment_provider', type: 'text', default: '' })
  paymentProvider: string;

  @Column({ name: 'payment_id', type: 'text', default: '' })
  paymentId: string;

  // pending | requires_action | succeeded | failed | refunded | not_required
  @Column({ name: 'payment_status', type: 'text', default: 'pending' })
  paymentStatus: string;

  @Column({ name: 'payment_client_secret', type: 'text', default: '' })
  paymentClientSecret: string;

  @Column({ name: 'payment_failure', type: 'text', default: '' })
  paymentFailure: string;

  @Column({ name: 'payment_attempts', type: 'int', default: 0 })
  paymentAttempts: number;

  @Column({ name: 'follow_up_due_at', type: 'timestamptz', nullable: true })
  followUpDueAt: Date | null;

  @Column({ name: 'follow_up_published_at', type: 'timestamptz', nullable: true })
  followUpPublishedAt: Date | null;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  // Set by customer-erased: personal data is gone, the accounting totals stay.
  @Column({ type: 'boolean', default: false })
  anonymized: boolean;

  @Column({ name: 'placed_at', type: 'timestamptz', default: () => 'now()' })
  placedAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

/** PlaceOrder idempotency keys, kept at least IDEMPOTENCY_KEY_TTL_HOURS (>= 24 h). */
@Entity({ name: 'idempotency_keys' })
export class IdempotencyKeyEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ name: 'request_hash', type: 'text' })
  requestHash: string;

  @Column({ name: 'order_id', type: 'uuid' })
  orderId: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
