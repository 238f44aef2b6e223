import { Inject, Injectable, Logger } from '@nestjs/common';
import { CheckoutV1, CommonV1, IdentityV1 } from '@concierge/contracts';
import { SERVICE_CONFIG } from '@concierge/service-kit';
import type { PredictionEnv } from '../../config/prediction.env';
import { CHECKOUT_CLIENT, CheckoutClient, IDENTITY_CLIENT, IdentityClient } from './upstream-clients';

export interface CatalogInfo {
  productId: string;
  name: string;
  packSize: string | null;
  typicalDaysOfUse: number | null;
  tags: string[];
}

export interface CustomerProfileInfo {
  timezone: string | null;
  region: string | null;
}

const REGION_KEYS = ['region', 'city', 'address.region', 'address.city', 'address.home.city', 'location'];

/**
 * What prediction asks of identity-graph and commerce-checkout. A dependency that is down never fails a
 * projection: catalog and profile fall back to what the model knows; consent and carts fail closed or open
 * as the caller decides (undefined = unknown).
 */
@Injectable()
export class UpstreamGateway {
  private readonly log = new Logger('UpstreamGateway');
  /** Per upstream: warn once per minute while it is down instead of once per call. */
  private readonly lastWarned = new Map<string, number>();

  private warn(upstream: string, message: string): void {
    const now = Date.now();
    if (now - (this.lastWarned.get(upstream) ?? 0) < 60_000) return;
    this.lastWarned.set(upstream, now);
    this.log.warn(`${message} (further ${upstream} failures muted for a minute)`);
  }

  constructor(
    @Inject(IDENTITY_CLIENT) private readonly identity: IdentityClient,
    @Inject(CHECKOUT_CLIENT) private readonly checkout: CheckoutClient,
    @Inject(SERVICE_CONFIG) private readonly env: PredictionEnv,
  ) {}

  async product(tenantId: string, productId: string): Promise<CatalogInfo | undefined> {
    try {
      const { product } = await this.checkout.getProduct({ tenantId, productId }, { deadlineMs: 2000 });
      if (!product) return undefined;
      return {
        productId,
        name: product.name,
        packSize: product.packSize || null,
        typicalDaysOfUse: product.typicalDaysOfUse > 0 ? product.typicalDaysOfUse : null,
        tags: (product.tags ?? []).map((t) => t.toLowerCase()),
      };
    } catch (err) {
      this.warn('checkout', `GetProduct ${productId} failed: ${(err as Error).message}`);
      return undefined;
    }
  }

  /** Catalog products carrying any of the tags (a context signal's candidates). */
  async productsByTags(tenantId: string, tags: string[]): Promise<CatalogInfo[] | undefined> {
    try {
      const res = await this.checkout.searchProducts({ tenantId, query: '', tags, page: { pageSize: 50, pageToken: '' } } as CheckoutV1.SearchProductsRequest, { deadlineMs: 3000 });
      return (res.products ?? []).map((p) => ({
        productId: p.productId, name: p.name, packSize: p.packSize || null, typicalDaysOfUse: p.typicalDaysOfUse > 0 ? p.typicalDaysOfUse : null, tags: (p.tags ?? []).map((t) => t.toLowerCase()),
      }));
    } catch (err) {
      this.warn('checkout', `SearchProducts failed: ${(err as Error).message}`);
      return undefined;
    }
  }

  /** Product ids in the customer's open cart; undefined when checkout cannot tell. */
  async cartProductIds(tenantId: string, customerId: string): Promise<Set<string> | undefined> {
    try {
      const { cart } = await this.checkout.getCart({ tenantId, customerId } as CheckoutV1.GetCartRequest, { deadlineMs: 2000 });
      return new Set((cart?.items ?? []).map((i) => i.productId));
    } catch (err) {
      this.warn('checkout', `GetCart failed: ${(err as Error).message}`);
      return undefined;
    }
  }

  async listOrders(tenantId: string, customerId: string, pageToken: string): Promise<CheckoutV1.ListOrdersResponse> {
    return this.checkout.listOrders({ tenantId, customerId, page: { pageSize: 200, pageToken } } as CheckoutV1.ListOrdersRequest, { deadlineMs: 10_000 });
  }

  async profile(tenantId: string, customerId: string): Promise<CustomerProfileInfo | undefined> {
    try {
      const { customer } = await this.identity.getCustomer({ tenantId, customerId }, { deadlineMs: 2000 });
      if (!customer) return undefined;
      const attrs = customer.attributes ?? {};
      const regionKey = REGION_KEYS.find((k) => attrs[k]);
      return { timezone: customer.timezone || attrs.timezone || null, region: regionKey ? attrs[regionKey] : null };
    } catch (err) {
      this.warn('identity', `GetCustomer failed: ${(err as Error).message}`);
      return undefined;
    }
  }

  /** Marketing consent for the channel; no answer from identity-graph means no outreach. */
  async marketingConsent(tenantId: string, customerId: string, channelKind: string): Promise<boolean> {
    if (this.env.OUTREACH_CONSENT === 'assume-granted') return true;
    try {
      const res = await this.identity.checkConsent(
        {
          tenantId,
          customerId,
          purpose: IdentityV1.ConsentPurpose.CONSENT_PURPOSE_MARKETING,
          channelKind: (channelKind || CommonV1.ChannelKind.CHANNEL_KIND_UNSPECIFIED) as CommonV1.ChannelKind,
        },
        { deadlineMs: 2000 },
      );
      return res.granted;
    } catch (err) {
      this.warn('identity', `CheckConsent failed, treating as not granted: ${(err as Error).message}`);
      return false;
    }
  }
}
