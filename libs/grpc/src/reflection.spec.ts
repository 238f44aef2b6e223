import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import * as path from 'node:path';
import { readFileSync } from 'node:fs';
import * as descriptor from 'protobufjs/ext/descriptor';
import { DESCRIPTOR_SET_PATH } from '@concierge/contracts';
import { addReflection, indexDescriptorSet } from './reflection';

const reflectionProto = path.join(path.dirname(require.resolve('@grpc/reflection/package.json')), 'build/proto/grpc/reflection/v1/reflection.proto');

interface ReflectionResponse {
  list_services_response: { service: { name: string }[] };
  file_descriptor_response: { file_descriptor_proto: Buffer[] };
  error_response: { error_code: number };
}

describe('server reflection from the buf-built descriptor set', () => {
  let server: grpc.Server;
  let client: grpc.Client & { ServerReflectionInfo(): grpc.ClientDuplexStream<unknown, ReflectionResponse> };

  const ask = (request: object) =>
    new Promise<ReflectionResponse>((resolve, reject) => {
      const call = client.ServerReflectionInfo();
      call.on('data', (res) => {
        resolve(res);
        call.end();
      });
      call.on('error', reject);
      call.write({ host: '', ...request });
    });

  beforeAll(async () => {
    server = new grpc.Server();
    addReflection(server, DESCRIPTOR_SET_PATH, ['concierge.identity.v1.IdentityService', 'grpc.health.v1.Health']);
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    const pkg = grpc.loadPackageDefinition(loadSync(reflectionProto, { keepCase: true, oneofs: true }));
    const Ctor = ((pkg.grpc as grpc.GrpcObject).reflection as { v1: { ServerReflection: grpc.ServiceClientConstructor } }).v1.ServerReflection;
    client = new Ctor(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as unknown as typeof client;
  });

  afterAll(() => {
    client.close();
    server.forceShutdown();
  });

  it('indexes services, methods, nested messages and map entries of every file', () => {
    const index = indexDescriptorSet(readFileSync(DESCRIPTOR_SET_PATH));
    expect(index.symbols.get('concierge.identity.v1.IdentityService.ResolveIdentity')).toBe('concierge/identity/v1/identity_service.proto');
    expect(index.symbols.get('concierge.common.v1.Money')).toBe('concierge/common/v1/common.proto');
    expect(index.symbols.get('grpc.health.v1.HealthCheckResponse.ServingStatus')).toBeDefined();
    expect(index.symbols.get('concierge.ingress.v1.Channel.SettingsEntry')).toBe('concierge/ingress/v1/ingress_service.proto');
  });

  it('lists only the services this server serves', async () => {
    const res = await ask({ list_services: '' });
    expect(res.list_services_response.service.map((s) => s.name)).toEqual(['concierge.identity.v1.IdentityService', 'grpc.health.v1.Health']);
  });

  it('answers a symbol with its file and every file it imports', async () => {
    const res = await ask({ file_containing_symbol: 'concierge.checkout.v1.CheckoutService' });
    const names = res.file_descriptor_response.file_descriptor_proto.map(
      (b) => (descriptor.FileDescriptorProto as unknown as { decode(b: Buffer): { name: string } }).decode(b).name,
    );
    expect(names[0]).toBe('concierge/checkout/v1/checkout_service.proto');
    expect(names).toEqual(expect.arrayContaining(['concierge/common/v1/common.proto', 'google/protobuf/timestamp.proto']));
  });

  it('says NOT_FOUND for an unknown symbol', async () => {
    const res = await ask({ file_containing_symbol: 'no.such.Service' });
    expect(res.error_response).toMatchObject({ error_code: grpc.status.NOT_FOUND });
  });
});
