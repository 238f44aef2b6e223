import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One product bought in one order: the projection of checkout's order-placed events, keyed so a redelivery adds nothing. */
@Entity({ name: 'purchases' })
@Index('purchases_customer_time', ['tenantId', 'customerId', 'purchasedAt'])
export class PurchaseEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @PrimaryColumn({ name: 'order_id', type: 'text' })
  orderId: string;

  @PrimaryColumn({ name: 'product_id', type: 'text' })
  productId: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Column({ type: 'int' })
  quantity: number;

  @Column({ name: 'purchased_at', type: 'timestamptz' })
  purchasedAt: Date;
}
