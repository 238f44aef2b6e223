import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import * as path from 'node:path';
import { healthProtoPath } from '@concierge/grpc';

const reflectionProto = path.join(
  path.dirname(require.resolve('@grpc/reflection/package.json')),
  'build/proto/grpc/reflection/v1alpha/reflection.proto',
);

type Ctor = new (address: string, creds: grpc.ChannelCredentials) => grpc.Client & Record<string, Function>;

function load(file: string, name: string): Ctor {
  const pkg = grpc.loadPackageDefinition(loadSync(file, { keepCase: true, defaults: true, enums: String }));
  return name.split('.').reduce<unknown>((n, p) => (n as Record<string, unknown>)[p], pkg) as Ctor;
}

/** grpc.health.v1.Health/Check, as Kubernetes' native gRPC probe calls it. */
export function grpcHealth(address: string, service = ''): Promise<string> {
  const client = new (load(healthProtoPath, 'grpc.health.v1.Health'))(address, grpc.credentials.createInsecure());
  return new Promise((resolve, reject) =>
    client.check({ service }, { deadline: Date.now() + 5000 }, (err: Error | null, res: { status: string }) => {
      client.close();
      return err ? reject(err) : resolve(res.status);
    }),
  );
}

/** The service names server reflection lists, as `grpcurl list` shows them. */
export function reflectedServices(address: string): Promise<string[]> {
  const client = new (load(reflectionProto, 'grpc.reflection.v1alpha.ServerReflection'))(address, grpc.credentials.createInsecure());
  return new Promise((resolve, reject) => {
    const call = client.ServerReflectionInfo({ deadline: Date.now() + 5000 });
    call.on('data', (res: { list_services_response?: { service: { name: string }[] } }) => {
      resolve((res.list_services_response?.service ?? []).map((s) => s.name).sort());
      call.end();
      client.close();
    });
    call.on('error', reject);
    call.write({ list_services: '' });
  });
}
