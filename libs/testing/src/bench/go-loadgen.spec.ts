import { spawnSync } from 'node:child_process';
import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { IdentityV1, ServiceProtos } from '@concierge/contracts';
import { grpcMethodCodec, protoLoaderOptions } from '@concierge/grpc';
import { buildGoLoadgen, goLoad, LoadgenRequests } from './go-loadgen';

// tools/loadgen (Go) against a real grpc-js server that records what arrives. Needs Go, as
// `npm run bench:*` does; without it the suite is reported skipped.
const hasGo = spawnSync('go', ['version']).status === 0;

interface Received {
  value: string;
  tenantId: string;
  authorization: string;
}

(hasGo ? describe : describe.skip)('Go load generator (tools/loadgen)', () => {
  const proto = ServiceProtos.identity;
  const codec = grpcMethodCodec(proto, 'ResolveIdentity');
  const received: Received[] = [];
  let server: grpc.Server | undefined;
  const files = new LoadgenRequests();
  let binary: string;
  let address: string;

  const request = (value: string) => codec.serialize({ tenantId: 'acme', type: IdentityV1.IdentifierType.IDENTIFIER_TYPE_TELEGRAM_USER, value });
  const target = (values: string[]) => ({ address, method: codec.path, requestsFile: files.write(values.map(request)), metadata: { authorization: 'Bearer k1', 'x-tenant-id': 'acme' } });

  /** A grpc-js server with identity's service answered by `resolve`, on a free local port. */
  async function serve(resolve: grpc.handleUnaryCall<{ value: string; tenantId: string }, unknown>): Promise<{ server: grpc.Server; address: string }> {
    const definition = loadSync(proto.file, protoLoaderOptions);
    const service = (grpc.loadPackageDefinition(definition).concierge as grpc.GrpcObject).identity as grpc.GrpcObject;
    const ctor = (service.v1 as grpc.GrpcObject).IdentityService as grpc.ServiceClientConstructor;
    const server = new grpc.Server();
    server.addService(ctor.service, { ResolveIdentity: resolve });
    const port = await new Promise<number>((ok, fail) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? fail(err) : ok(p))));
    return { server, address: `127.0.0.1:${port}` };
  }

  beforeAll(async () => {
    binary = await buildGoLoadgen(() => undefined);
    ({ server, address } = await serve((call, done) => {
      const { value, tenantId } = call.request;
      received.push({ value, tenantId, authorization: String(call.metadata.get('authorization')[0]) });
      if (value === 'fail') return done({ code: grpc.status.INVALID_ARGUMENT, details: 'value "fail" is refused' });
      const customerId = value.startsWith('big') ? 'y'.repeat(150_000) : `customer-${value}`;
      setTimeout(() => done(null, { customerId, created: false }), value === 'slow' ? 300 : 0);
    }));
  }, 300_000);

  beforeEach(() => void received.splice(0));

  afterAll(() => {
    server?.forceShutdown();
    files.remove();
  });

  it('sends the encoded requests in turn at the arrival rate, with the metadata, and reports each latency', async () => {
    const r = await goLoad(binary, { ...target(['a', 'b', 'c']), name: 'rate', mode: { open: { rps: 200, maxInFlight: 64 } }, seconds: 1 });
    expect(r).toMatchObject({ name: 'rate', mode: 'open loop 200 rps', sent: 200, ok: 200, errors: 0, shed: 0 });
    expect(r.latencies).toHaveLength(200);
    expect(r.lateness).toHaveLength(200);
    expect(Math.min(...r.latencies)).toBeGreaterThan(0);
    expect(r.seconds).toBeGreaterThanOrEqual(0.99);
    expect(received).toHaveLength(200);
    // Call i sends request i mod 3; calls go out concurrently, so arrival order may differ, the counts may not.
    const counts = received.reduce<Record<string, number>>((c, x) => ({ ...c, [x.value]: (c[x.value] ?? 0) + 1 }), {});
    expect(counts).toEqual({ a: 67, b: 67, c: 66 });
    expect(new Set(received.map((x) => `${x.tenantId} ${x.authorization}`))).toEqual(new Set(['acme Bearer k1']));
  });

  it('counts refused calls as errors with the first status, and arrivals past the in-flight limit as shed', async () => {
    const refused = await goLoad(binary, { ...target(['fail']), name: 'refused', mode: { open: { rps: 100, maxInFlight: 64 } }, seconds: 0.5 });
    expect(refused).toMatchObject({ sent: 50, ok: 0, errors: 50, shed: 0, latencies: [] });
    expect(refused.firstError).toBe('InvalidArgument: value "fail" is refused');

    const slow = await goLoad(binary, { ...target(['slow']), name: 'slow', mode: { open: { rps: 100, maxInFlight: 5 } }, seconds: 1 });
    expect(slow.sent).toBe(100);
    expect(slow.shed).toBeGreaterThan(50);
    expect(slow.ok + slow.errors + slow.shed).toBe(100);
    expect(Math.min(...slow.latencies)).toBeGreaterThanOrEqual(290);
  });

  it('sends and receives messages larger than a frame and the initial flow-control window, and ends calls at their deadline', async () => {
    // 100 kB requests exceed the server's 64 kB initial stream window: they go out as the server opens it.
    const big = await goLoad(binary, { ...target([`big-${'x'.repeat(100_000)}`]), name: 'big', mode: { open: { rps: 40, maxInFlight: 64 } }, seconds: 0.5 });
    expect(big).toMatchObject({ sent: 20, ok: 20, errors: 0 });
    expect(received.map((r) => r.value.length)).toEqual(Array(20).fill(100_004));

    const late = await goLoad(binary, { ...target(['slow']), name: 'late', mode: { open: { rps: 20, maxInFlight: 64 } }, seconds: 0.5, deadlineMs: 100 });
    expect(late).toMatchObject({ sent: 10, ok: 0, errors: 10, latencies: [] });
    expect(late.firstError).toMatch(/^DeadlineExceeded: /);
  });

  it('runs back-to-back callers in the closed loop', async () => {
    const r = await goLoad(binary, { ...target(['x']), name: 'closed', mode: { closed: { concurrency: 4 } }, seconds: 0.5 });
    expect(r.mode).toBe('closed loop x4');
    expect(r.ok).toBeGreaterThan(20);
    expect(r.ok).toBe(received.length);
    expect(r.lateness).toEqual([]);
  });

  it('reports the calls a server that goes away leaves unanswered, and still prints its result', async () => {
    const doomed = await serve((_call, done) => void setTimeout(() => done(null, { customerId: 'c', created: false }), 20));
    setTimeout(() => doomed.server.forceShutdown(), 300);
    const r = await goLoad(binary, { ...target(['x']), address: doomed.address, name: 'gone', mode: { closed: { concurrency: 4 } }, seconds: 1 });
    expect(r.ok).toBeGreaterThan(10); // answered before the shutdown
    expect(r.errors).toBeGreaterThan(0);
    expect(r.firstError).toMatch(/^(Unavailable|Canceled|Internal): /);
    expect(r.ok + r.errors).toBe(r.sent);
  });

  it('says what is wrong with its arguments', async () => {
    await expect(goLoad(binary, { ...target(['x']), method: '', name: 'bad', mode: { closed: { concurrency: 1 } }, seconds: 0.1 })).rejects.toThrow(
      'tools/loadgen exited with 2: loadgen: -addr, -method and -requests are required',
    );
    expect(() => files.write([])).toThrow('no requests to send');
  });
});
