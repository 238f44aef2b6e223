import { DomainException, ErrorKind } from '@concierge/contracts';

export enum CatalogErrorCode {
  TenantRequired = 'TENANT_REQUIRED',
  TooManyProducts = 'TOO_MANY_PRODUCTS',
  SkuRequired = 'SKU_REQUIRED',
  SkuDuplicated = 'SKU_DUPLICATED',
  NameRequired = 'NAME_REQUIRED',
  PriceInvalid = 'PRICE_INVALID',
  CurrencyInvalid = 'CURRENCY_INVALID',
  StockInvalid = 'STOCK_INVALID',
  ProductInvalid = 'PRODUCT_INVALID',
  ProductIdInvalid = 'PRODUCT_ID_INVALID',
  ProductNotFound = 'PRODUCT_NOT_FOUND',
  QueryInvalid = 'QUERY_INVALID',
  PageTokenInvalid = 'PAGE_TOKEN_INVALID',
}

const kinds: Record<CatalogErrorCode, ErrorKind> = {
  [CatalogErrorCode.TenantRequired]: 'invalid',
  [CatalogErrorCode.TooManyProducts]: 'invalid',
  [CatalogErrorCode.SkuRequired]: 'invalid',
  [CatalogErrorCode.SkuDuplicated]: 'invalid',
  [CatalogErrorCode.NameRequired]: 'invalid',
  [CatalogErrorCode.PriceInvalid]: 'invalid',
  [CatalogErrorCode.CurrencyInvalid]: 'invalid',
  [CatalogErrorCode.StockInvalid]: 'invalid',
  [CatalogErrorCode.ProductInvalid]: 'invalid',
  [CatalogErrorCode.ProductIdInvalid]: 'invalid',
  [CatalogErrorCode.ProductNotFound]: 'not_found',
  [CatalogErrorCode.QueryInvalid]: 'invalid',
  [CatalogErrorCode.PageTokenInvalid]: 'invalid',
};

export class CatalogException extends DomainException {
  constructor(code: CatalogErrorCode, message: string) {
    super(kinds[code], code, message);
  }
}

export function requireTenant(tenantId: string | undefined): string {
  if (!tenantId?.trim()) throw new CatalogException(CatalogErrorCode.TenantRequired, 'tenant_id is required');
  return tenantId.trim();
}
