import { DomainException, ErrorKind } from '@concierge/contracts';

export enum CheckoutErrorCode {
  TenantRequired = 'TENANT_REQUIRED',
  CustomerInvalid = 'CUSTOMER_INVALID',
  CustomerErased = 'CUSTOMER_ERASED',
  QuantityInvalid = 'QUANTITY_INVALID',
  ProductNotFound = 'PRODUCT_NOT_FOUND',
  OutOfStock = 'OUT_OF_STOCK',
  CartEmpty = 'CART_EMPTY',
  CurrencyMismatch = 'CURRENCY_MISMATCH',
  PromotionInvalid = 'PROMOTION_INVALID',
  CouponNotFound = 'COUPON_NOT_FOUND',
  CouponNotApplicable = 'COUPON_NOT_APPLICABLE',
  CompensationOverCap = 'COMPENSATION_OVER_CAP',
  PointsInvalid = 'POINTS_INVALID',
  PointsInsufficient = 'POINTS_INSUFFICIENT',
  PointsOverLimit = 'POINTS_OVER_LIMIT',
  AddressRequired = 'ADDRESS_REQUIRED',
  SlotInvalid = 'SLOT_INVALID',
  SlotNotFound = 'SLOT_NOT_FOUND',
  SlotFull = 'SLOT_FULL',
  QuoteNotFound = 'QUOTE_NOT_FOUND',
  QuoteExpired = 'QUOTE_EXPIRED',
  QuoteTampered = 'QUOTE_TAMPERED',
  QuoteAlreadyOrdered = 'QUOTE_ALREADY_ORDERED',
  PriceChanged = 'PRICE_CHANGED',
  ConfirmationRequired = 'CONFIRMATION_REQUIRED',
  IdempotencyKeyRequired = 'IDEMPOTENCY_KEY_REQUIRED',
  IdempotencyKeyReused = 'IDEMPOTENCY_KEY_REUSED',
  OrderNotFound = 'ORDER_NOT_FOUND',
  OrderIdInvalid = 'ORDER_ID_INVALID',
  StatusTransitionInvalid = 'STATUS_TRANSITION_INVALID',
  PaymentUnavailable = 'PAYMENT_UNAVAILABLE',
  PaymentNotRequired = 'PAYMENT_NOT_REQUIRED',
}

const kinds: Record<CheckoutErrorCode, ErrorKind> = {
  [CheckoutErrorCode.TenantRequired]: 'invalid',
  [CheckoutErrorCode.CustomerInvalid]: 'invalid',
  [CheckoutErrorCode.CustomerErased]: 'failed_precondition',
  [CheckoutErrorCode.QuantityInvalid]: 'invalid',
  [CheckoutErrorCode.ProductNotFound]: 'not_found',
  [CheckoutErrorCode.OutOfStock]: 'failed_precondition',
  [CheckoutErrorCode.CartEmpty]: 'failed_precondition',
  [CheckoutErrorCode.CurrencyMismatch]: 'failed_precondition',
  [CheckoutErrorCode.PromotionInvalid]: 'invalid',
  [CheckoutErrorCode.CouponNotFound]: 'not_found',
  [CheckoutErrorCode.CouponNotApplicable]: 'failed_precondition',
  [CheckoutErrorCode.CompensationOverCap]: 'failed_precondition',
  [CheckoutErrorCode.PointsInvalid]: 'invalid',
  [CheckoutErrorCode.PointsInsufficient]: 'failed_precondition',
  [CheckoutErrorCode.PointsOverLimit]: 'failed_precondition',
  [CheckoutErrorCode.AddressRequired]: 'invalid',
  [CheckoutErrorCode.SlotInvalid]: 'invalid',
  [CheckoutErrorCode.SlotNotFound]: 'not_found',
  [CheckoutErrorCode.SlotFull]: 'failed_precondition',
  [CheckoutErrorCode.QuoteNotFound]: 'not_found',
  [CheckoutErrorCode.QuoteExpired]: 'failed_precondition',
  [CheckoutErrorCode.QuoteTampered]: 'permission_denied',
  [CheckoutErrorCode.QuoteAlreadyOrdered]: 'already_exists',
  [CheckoutErrorCode.PriceChanged]: 'failed_precondition',
  [CheckoutErrorCode.ConfirmationRequired]: 'failed_precondition',
  [CheckoutErrorCode.IdempotencyKeyRequired]: 'invalid',
  [CheckoutErrorCode.IdempotencyKeyReused]: 'invalid',
  [CheckoutErrorCode.OrderNotFound]: 'not_found',
  [CheckoutErrorCode.OrderIdInvalid]: 'invalid',
  [CheckoutErrorCode.StatusTransitionInvalid]: 'failed_precondition',
  [CheckoutErrorCode.PaymentUnavailable]: 'unavailable',
  [CheckoutErrorCode.PaymentNotRequired]: 'failed_precondition',
};

export class CheckoutException extends DomainException {
  constructor(code: CheckoutErrorCode, message: string) {
    super(kinds[code], code, message);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function requireTenantId(tenantId: string | undefined): string {
  if (!tenantId?.trim()) throw new CheckoutException(CheckoutErrorCode.TenantRequired, 'tenant_id is required');
  return tenantId.trim();
}

export function requireUuid(value: string | undefined, field: string, code = CheckoutErrorCode.CustomerInvalid): string {
  if (!value || !UUID.test(value)) throw new CheckoutException(code, `${field} must be a UUID`);
  return value.toLowerCase();
}

export const isUuid = (value: string | undefined) => !!value && UUID.test(value);
