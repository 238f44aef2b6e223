import { CustomerAliasEntity, CustomerTombstoneEntity } from '@concierge/persistence';
import { CartEntity, CartItemEntity } from './cart/persistence/cart.entity';
import { ProductEntity } from './catalog/persistence/product.entity';
import { DeliverySlotEntity, SlotHoldEntity } from './delivery/persistence/delivery-slot.entity';
import { LoyaltyMovementEntity } from './loyalty/persistence/loyalty-movement.entity';
import { IdempotencyKeyEntity, OrderEntity, QuoteEntity } from './orders/persistence/order.entity';
import { CompensationPolicyEntity, PromotionEntity, PromotionRedemptionEntity } from './promotions/persistence/promotion.entity';

export { migrations } from './migrations';
export const entities = [
  ProductEntity, CustomerAliasEntity, CustomerTombstoneEntity, CartEntity, CartItemEntity, PromotionEntity, PromotionRedemptionEntity,
  CompensationPolicyEntity, LoyaltyMovementEntity, DeliverySlotEntity, SlotHoldEntity, QuoteEntity, OrderEntity, IdempotencyKeyEntity,
];
