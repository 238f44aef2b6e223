import { CheckoutV1 } from '@concierge/contracts';
import { PurchaseErrorCode, PurchaseException } from './purchase.exception';

export interface PurchasedProduct {
  productId: string;
  quantity: number;
}

const MAX_ID_LENGTH = 200;

export function requireOrderId(orderId: string | undefined): string {
  const id = orderId?.trim() ?? '';
  if (!id || id.length > MAX_ID_LENGTH) throw new PurchaseException(PurchaseErrorCode.OrderInvalid, 'order_id is required');
  return id;
}

/** One entry per product: an order listing the same product on two lines bought their sum. */
export function purchasedProducts(lines: CheckoutV1.OrderLine[]): PurchasedProduct[] {
  if (!lines.length) throw new PurchaseException(PurchaseErrorCode.OrderInvalid, 'order has no lines');
  const totals = new Map<string, number>();
  for (const line of lines) {
    const productId = line.productId?.trim() ?? '';
    if (!productId || productId.length > MAX_ID_LENGTH)
      throw new PurchaseException(PurchaseErrorCode.OrderInvalid, 'order line without product_id');
    if (!Number.isInteger(line.quantity) || line.quantity <= 0)
      throw new PurchaseException(PurchaseErrorCode.OrderInvalid, `order line ${productId} has quantity ${line.quantity}`);
    totals.set(productId, (totals.get(productId) ?? 0) + line.quantity);
  }
  return [...totals].map(([productId, quantity]) => ({ productId, quantity }));
}
