import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { CheckoutV1, IdentityV1, ServiceProto, ServiceProtos } from '@concierge/contracts';
import { protoLoaderOptions } from '@concierge/grpc';

type Handler = (request: any) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any

function serviceDefinition(proto: ServiceProto): grpc.ServiceDefinition {
  const loaded = grpc.loadPackageDefinition(loadSync(proto.file, protoLoaderOptions));
  const ctor = `${proto.package}.${proto.service}`.split('.').reduce<unknown>((n, p) => (n as Record<string, unknown>)[p], loaded) as grpc.ServiceClientConstructor;
  return ctor.service;
}

/**
 * identity-graph and commerce-checkout as a real gRPC server speaking their protos, holding what the
 * test puts in: customer profiles and consents, catalog, carts and past orders. Records what it is asked.
 */
export class FakeUpstreams {
  readonly customers = new Map<string, Partial<IdentityV1.Customer>>();
  /** customer id → marketing consent; absent = granted. */
  readonly consent = new Map<string, boolean>();
  readonly products = new Map<string, Partial<CheckoutV1.Product>>();
  readonly carts = new Map<string, string[]>();
  orders: CheckoutV1.Order[] = [];
  readonly calls: { method: string; request: unknown }[] = [];
  private server = new grpc.Server();
  address = '';

  async start(): Promise<void> {
    const wrap = (method: string, h: Handler): grpc.handleUnaryCall<unknown, unknown> => (call, cb) => {
      this.calls.push({ method, request: call.request });
      try {
        const res = h(call.request);
        if (res instanceof Error) cb({ code: grpc.status.NOT_FOUND, details: res.message });
        else cb(null, res);
      } catch (err) {
        cb({ code: grpc.status.INTERNAL, details: (err as Error).message });
      }
    };
    this.server.addService(serviceDefinition(ServiceProtos.identity), {
      GetCustomer: wrap('GetCustomer', (r) => {
        const c = this.customers.get(r.customerId);
        return c ? { customer: { customerId: r.customerId, tenantId: r.tenantId, timezone: c.timezone ?? '', attributes: c.attributes ?? {} } } : new Error('customer not found');
      }),
      CheckConsent: wrap('CheckConsent', (r) => ({ granted: this.consent.get(r.customerId) ?? true, explicit: this.consent.has(r.customerId) })),
    });
    this.server.addService(serviceDefinition(ServiceProtos.checkout), {
      GetProduct: wrap('GetProduct', (r) => {
        const p = this.products.get(r.productId);
        return p ? { product: this.productMessage(r.productId, p) } : new Error('product not found');
      }),
      SearchProducts: wrap('SearchProducts', (r) => ({
        products: [...this.products].filter(([, p]) => (p.tags ?? []).some((t) => (r.tags ?? []).includes(t))).map(([id, p]) => this.productMessage(id, p)),
      })),
      GetCart: wrap('GetCart', (r) => ({ cart: { cartId: 'cart-1', customerId: r.customerId, items: (this.carts.get(r.customerId) ?? []).map((id) => ({ productId: id, name: id, quantity: 1 })) } })),
      ListOrders: wrap('ListOrders', (r) => {
        const all = this.orders.filter((o) => !r.customerId || o.customerId === r.customerId);
        const start = Number(r.page?.pageToken || 0);
        const size = 2;
        const page = all.slice(start, start + size);
        return {
          orders: page.map((o) => ({
            orderId: o.orderId, tenantId: o.tenantId, customerId: o.customerId, status: o.status, placedAt: o.placedAt,
            lines: o.lines.map((l) => ({ productId: l.productId, name: l.name, quantity: l.quantity })),
          })),
          page: { nextPageToken: start + size < all.length ? String(start + size) : '' },
        };
      }),
    });
    const port = await new Promise<number>((resolve, reject) =>
      this.server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    this.address = `127.0.0.1:${port}`;
  }

  private productMessage(id: string, p: Partial<CheckoutV1.Product>) {
    return { productId: id, name: p.name ?? id, tags: p.tags ?? [], packSize: p.packSize ?? '', typicalDaysOfUse: p.typicalDaysOfUse ?? 0 };
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.tryShutdown(() => resolve()));
  }
}
