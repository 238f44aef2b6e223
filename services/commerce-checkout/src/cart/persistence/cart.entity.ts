import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** One cart per customer and conversation ('' = the customer's default cart). */
@Entity({ name: 'carts' })
@Index('carts_owner', ['tenantId', 'customerId', 'conversationId'], { unique: true })
export class CartEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Column({ name: 'conversation_id', type: 'text', default: '' })
  conversationId: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

@Entity({ name: 'cart_items' })
export class CartItemEntity {
  @PrimaryColumn({ name: 'cart_id', type: 'uuid' })
  cartId: string;

  @PrimaryColumn({ name: 'product_id', type: 'uuid' })
  productId: string;

  @Column({ type: 'int' })
  quantity: number;

  // The price the customer saw when adding: a later catalog change is flagged, never silently applied.
  @Column({ name: 'price_when_added_minor', type: 'bigint' })
  priceWhenAddedMinor: string;

  @Column({ type: 'text' })
  currency: string;

  @Column({ name: 'added_at', type: 'timestamptz', default: () => 'now()' })
  addedAt: Date;
}
