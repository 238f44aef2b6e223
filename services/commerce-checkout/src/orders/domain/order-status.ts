import { CheckoutV1 } from '@concierge/contracts';

export type OrderStatusName = 'placed' | 'paid' | 'shipped' | 'delivered' | 'completed' | 'cancelled' | 'refunded';

/** Allowed moves; a pick-up or try-on order goes from paid/placed straight to delivered/completed. */
export const TRANSITIONS: Record<OrderStatusName, OrderStatusName[]> = {
  placed: ['paid', 'cancelled', 'completed'],
  paid: ['shipped', 'delivered', 'cancelled', 'refunded'],
  shipped: ['delivered', 'refunded'],
  delivered: ['completed', 'refunded'],
  completed: ['refunded'],
  cancelled: [],
  refunded: [],
};

const BY_NAME: Record<OrderStatusName, CheckoutV1.OrderStatus> = {
  placed: CheckoutV1.OrderStatus.ORDER_STATUS_PLACED,
  paid: CheckoutV1.OrderStatus.ORDER_STATUS_PAID,
  shipped: CheckoutV1.OrderStatus.ORDER_STATUS_SHIPPED,
  delivered: CheckoutV1.OrderStatus.ORDER_STATUS_DELIVERED,
  completed: CheckoutV1.OrderStatus.ORDER_STATUS_COMPLETED,
  cancelled: CheckoutV1.OrderStatus.ORDER_STATUS_CANCELLED,
  refunded: CheckoutV1.OrderStatus.ORDER_STATUS_REFUNDED,
};

export const statusProto = (s: string) => BY_NAME[s as OrderStatusName] ?? CheckoutV1.OrderStatus.ORDER_STATUS_UNSPECIFIED;

export function statusName(s: CheckoutV1.OrderStatus | undefined): OrderStatusName | null {
  const hit = Object.entries(BY_NAME).find(([, v]) => v === s);
  return hit ? (hit[0] as OrderStatusName) : null;
}
