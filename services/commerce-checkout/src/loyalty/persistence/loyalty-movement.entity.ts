import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The points ledger: every movement is a row and nothing is updated but `remaining` of earn lots
 * (redemptions consume the oldest unexpired lots first). The balance is the sum of what remains.
 */
@Entity({ name: 'loyalty_movements' })
@Index('loyalty_movements_customer', ['tenantId', 'customerId', 'createdAt'])
@Index('loyalty_movements_order_kind', ['orderId', 'kind'], { unique: true })
@Check('loyalty_remaining_not_negative', `"remaining" >= 0`)
@Check('loyalty_balance_not_negative', `"balance_after" >= 0`)
export class LoyaltyMovementEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  // earn | redeem | expire | reverse | refund_return | merge_in | merge_out
  @Column({ type: 'text' })
  kind: string;

  // Signed change of the balance.
  @Column({ type: 'bigint' })
  points: string;

  // Points of this lot still spendable (earn-like movements only).
  @Column({ type: 'bigint', default: 0 })
  remaining: string;

  @Column({ name: 'order_id', type: 'uuid', nullable: true })
  orderId: string | null;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @Column({ name: 'balance_after', type: 'bigint' })
  balanceAfter: string;

  @Column({ type: 'text', default: '' })
  note: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
