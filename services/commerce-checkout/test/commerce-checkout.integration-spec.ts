import { status } from '@grpc/grpc-js';
import { Kafka, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CheckoutV1, EventDescriptor, Events, ServiceProtos, toTimestamp } from '@concierge/contracts';
import { UnaryClient } from '@concierge/grpc';
import { cloudEventHeaders } from '@concierge/kafka';
import { eventually, startTestService, TestService, testTopicPrefix } from '@concierge/testing';
import { AppModule, SERVICE } from '../src/app.module';
import { CustomerDirectory } from '@concierge/persistence';

const TENANT = 'acme';

const product = (over: Partial<CheckoutV1.Product>): CheckoutV1.Product => ({
  productId: '', sku: 'sku', name: 'Product', description: '', price: { amountMinor: '100', currency: 'EUR' }, stock: 1,
  tags: [], packSize: '', typicalDaysOfUse: 0, attributes: {}, variantOfSku: '', ...over,
});

const catalog = [
  product({ sku: 'COF-1', name: 'Ethiopia Yirgacheffe coffee beans', description: 'Light roasted single origin, notes of jasmine.', price: { amountMinor: '1290', currency: 'eur' }, stock: 12, tags: ['Coffee', 'beans'], packSize: '250 g', typicalDaysOfUse: 14, attributes: { origin: 'Ethiopia' } }),
  product({ sku: 'COF-2', name: 'Кофе в зёрнах Бразилия', description: 'Тёмная обжарка, шоколадные ноты.', price: { amountMinor: '99000', currency: 'RUB' }, stock: 3, tags: ['coffee', 'зерно'] }),
  product({ sku: 'TEA-1', name: 'Sencha green tea', description: 'Japanese loose leaf tea.', price: { amountMinor: '750', currency: 'EUR' }, stock: 40, tags: ['tea'] }),
];

describe('commerce-checkout (real Postgres, Kafka and gRPC)', () => {
  let service: TestService;
  let checkout: UnaryClient<CheckoutV1.CheckoutServiceClient>;
  let producer: Producer;
  let prefix: string;

  const skus = async (query: string, tags: string[] = [], tenantId = TENANT) =>
    (await checkout.searchProducts({ tenantId, query, tags, page: undefined })).products.map((p) => p.sku);

  const publish = async <T>(event: EventDescriptor<T>, payload: T, key: string) => {
    const id = randomUUID();
    const headers = cloudEventHeaders({ id, type: event.type, source: '/test', time: new Date().toISOString(), subject: key, tenantId: TENANT, correlationId: id });
    await producer.send({ topic: prefix + event.topic, messages: [{ key, value: JSON.stringify(event.codec.toJSON(payload)), headers }] });
  };

  beforeAll(async () => {
    prefix = testTopicPrefix('checkout');
    service = await startTestService(AppModule, SERVICE, { KAFKA_TOPIC_PREFIX: prefix, TENANT_API_KEYS: 'globex:globex-secret-key' });
    checkout = service.client<CheckoutV1.CheckoutServiceClient>(ServiceProtos.checkout);
    producer = new Kafka({ clientId: 'checkout-test', brokers: process.env.KAFKA_BROKERS!.split(',') }).producer();
    await producer.connect();
    await expect(checkout.upsertProducts({ tenantId: TENANT, products: catalog })).resolves.toEqual({ created: 3, updated: 0 });
  });

  afterAll(async () => {
    await producer?.disconnect();
    await service?.close();
  });

  it('upserts by SKU: a second upsert updates in place and reports what it did', async () => {
    const changed = { ...catalog[2], price: { amountMinor: '790', currency: 'EUR' }, stock: 0 };
    await expect(checkout.upsertProducts({ tenantId: TENANT, products: [changed, product({ sku: 'TEA-2', name: 'Earl Grey tea' })] })).resolves.toEqual({ created: 1, updated: 1 });
    const [tea] = (await checkout.searchProducts({ tenantId: TENANT, query: 'sencha', tags: [], page: undefined })).products;
    const { product: fetched } = await checkout.getProduct({ tenantId: TENANT, productId: tea.productId });
    expect(fetched).toMatchObject({ sku: 'TEA-1', price: { amountMinor: '790', currency: 'EUR' }, stock: 0, tags: ['tea'] });
  });

  it('keeps money exact in minor units and returns every product field', async () => {
    await checkout.upsertProducts({ tenantId: 'globex', products: [product({ sku: 'BIG', name: 'Yacht', price: { amountMinor: '9223372036854775807', currency: 'USD' } })] });
    const [yacht] = (await checkout.searchProducts({ tenantId: 'globex', query: '', tags: [], page: undefined })).products;
    expect(yacht.price).toEqual({ amountMinor: '9223372036854775807', currency: 'USD' });
    const [beans] = (await checkout.searchProducts({ tenantId: TENANT, query: 'Yirgacheffe', tags: [], page: undefined })).products;
    expect(beans).toMatchObject({
      sku: 'COF-1', price: { amountMinor: '1290', currency: 'EUR' }, stock: 12, tags: ['coffee', 'beans'], packSize: '250 g', typicalDaysOfUse: 14, attributes: { origin: 'Ethiopia' },
    });
  });

  it('finds products by stemmed words in English and Russian, in names, descriptions and tags', async () => {
    expect(await skus('roast')).toEqual(['COF-1']);
    expect(await skus('bean')).toEqual(['COF-1']);
    expect(await skus('кофе')).toEqual(['COF-2']);
    expect(await skus('зерна')).toEqual(['COF-2']);
    expect(await skus('шоколадный')).toEqual(['COF-2']);
    expect((await skus('coffee')).sort()).toEqual(['COF-1', 'COF-2']);
    expect(await skus('coffee', ['зерно'])).toEqual(['COF-2']);
    expect(await skus('', ['TEA'])).toEqual(['TEA-1']);
    expect(await skus('coffee', [], 'globex')).toEqual([]);
  });

  it('lists the whole catalog page by page when the query is empty', async () => {
    const first = await checkout.searchProducts({ tenantId: TENANT, query: '', tags: [], page: { pageSize: 3, pageToken: '' } });
    expect(first.products).toHaveLength(3);
    expect(first.page?.nextPageToken).not.toBe('');
    const second = await checkout.searchProducts({ tenantId: TENANT, query: ' ', tags: [], page: { pageSize: 3, pageToken: first.page!.nextPageToken } });
    expect(second.page?.nextPageToken).toBe('');
    expect([...first.products, ...second.products].map((p) => p.sku).sort()).toEqual(['COF-1', 'COF-2', 'TEA-1', 'TEA-2']);
    await expect(checkout.searchProducts({ tenantId: TENANT, query: '', tags: [], page: { pageSize: 3, pageToken: 'bogus' } })).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      errorCode: 'PAGE_TOKEN_INVALID',
    });
  });

  it.each([
    ['a negative price', product({ sku: 'X', price: { amountMinor: '-1', currency: 'EUR' } }), 'PRICE_INVALID'],
    ['no price', product({ sku: 'X', price: undefined }), 'PRICE_INVALID'],
    ['a currency that is not 3 letters', product({ sku: 'X', price: { amountMinor: '1', currency: 'EURO' } }), 'CURRENCY_INVALID'],
    ['negative stock', product({ sku: 'X', stock: -1 }), 'STOCK_INVALID'],
    ['no SKU', product({ sku: '  ' }), 'SKU_REQUIRED'],
    ['no name', product({ sku: 'X', name: '' }), 'NAME_REQUIRED'],
  ])('rejects a batch holding a product with %s, writing none of it', async (_, bad, errorCode) => {
    const good = product({ sku: `NEW-${randomUUID()}`, name: 'Moka pot' });
    await expect(checkout.upsertProducts({ tenantId: TENANT, products: [good, bad] })).rejects.toMatchObject({ code: status.INVALID_ARGUMENT, errorCode });
    expect(await skus('moka')).toEqual([]);
  });

  it('rejects duplicate SKUs in a batch, bad ids and unknown products, and keeps serving', async () => {
    await expect(checkout.upsertProducts({ tenantId: TENANT, products: [product({ sku: 'D' }), product({ sku: 'D' })] })).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      errorCode: 'SKU_DUPLICATED',
    });
    await expect(checkout.getProduct({ tenantId: TENANT, productId: 'nope' })).rejects.toMatchObject({ code: status.INVALID_ARGUMENT, errorCode: 'PRODUCT_ID_INVALID' });
    await expect(checkout.getProduct({ tenantId: TENANT, productId: randomUUID() })).rejects.toMatchObject({ code: status.NOT_FOUND, errorCode: 'PRODUCT_NOT_FOUND' });
    const [tea] = (await checkout.searchProducts({ tenantId: TENANT, query: 'sencha', tags: [], page: undefined })).products;
    await expect(checkout.getProduct({ tenantId: 'globex', productId: tea.productId })).rejects.toMatchObject({ code: status.NOT_FOUND });
    await expect(checkout.searchProducts({ tenantId: '', query: 'tea', tags: [], page: undefined })).rejects.toMatchObject({ code: status.INVALID_ARGUMENT, errorCode: 'TENANT_REQUIRED' });
    expect(await skus('sencha')).toEqual(['TEA-1']);
  });

  it('records merges and erasures from identity-graph for the cart and order code', async () => {
    const directory = service.app.get(CustomerDirectory);
    const manager = service.app.get(DataSource).manager;
    const [survivor, merged, erased] = [randomUUID(), randomUUID(), randomUUID()];
    await publish(Events.customerMerged, Events.customerMerged.codec.fromJSON({ tenantId: TENANT, mergeId: randomUUID(), survivorCustomerId: survivor, mergedCustomerId: merged, reason: 'same phone', mergedAt: new Date().toISOString() }), survivor);
    await publish(Events.customerErased, { tenantId: TENANT, customerId: erased, erasedAt: toTimestamp(new Date()) }, erased);
    await eventually(async () => (await directory.resolve(manager, TENANT, merged)).customerId === survivor, 'merge recorded');
    await eventually(async () => (await directory.resolve(manager, TENANT, erased)).erased, 'erasure recorded');
    expect(await directory.resolve(manager, TENANT, survivor)).toEqual({ customerId: survivor, erased: false });
    expect(await directory.resolve(manager, 'globex', merged)).toEqual({ customerId: merged, erased: false });

    const restored = randomUUID();
    await publish(Events.customerMerged, Events.customerMerged.codec.fromJSON({ tenantId: TENANT, mergeId: randomUUID(), survivorCustomerId: survivor, mergedCustomerId: restored, reason: 'same email', mergedAt: new Date().toISOString() }), survivor);
    await eventually(async () => (await directory.resolve(manager, TENANT, restored)).customerId === survivor, 'second merge recorded');
    await publish(Events.customerUnmerged, Events.customerUnmerged.codec.fromJSON({ tenantId: TENANT, mergeId: randomUUID(), survivorCustomerId: survivor, restoredCustomerId: restored, unmergedAt: new Date().toISOString() }), restored);
    await eventually(async () => (await directory.resolve(manager, TENANT, restored)).customerId === restored, 'unmerge restores the id');

    await publish(Events.customerErased, { tenantId: TENANT, customerId: survivor, erasedAt: toTimestamp(new Date()) }, survivor);
    await eventually(async () => (await directory.resolve(manager, TENANT, merged)).erased, 'erasure covers merged ids');
    expect(await directory.resolve(manager, TENANT, restored)).toEqual({ customerId: restored, erased: false });
  });

  it('keeps a tenant key inside its tenant', async () => {
    const globex = service.client<CheckoutV1.CheckoutServiceClient>(ServiceProtos.checkout, 'globex-secret-key');
    await expect(globex.searchProducts({ tenantId: '', query: 'yacht', tags: [], page: undefined })).resolves.toMatchObject({ products: [{ sku: 'BIG' }] });
    await expect(globex.upsertProducts({ tenantId: TENANT, products: [product({ sku: 'EVIL' })] })).rejects.toMatchObject({ code: status.PERMISSION_DENIED });
  });

  it('answers readiness over HTTP', async () => {
    const ready = await fetch(`${service.httpUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ checks: { database: 'ok', kafka: 'ok' } });
  });
});
