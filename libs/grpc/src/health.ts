import type { Server } from '@grpc/grpc-js';
import { HealthImplementation, protoPath as healthProtoPath } from 'grpc-health-check';

export { healthProtoPath };

/** grpc.health.v1 for the overall server ('') and each served service. */
export class GrpcHealth {
  private readonly impl: HealthImplementation;

  constructor(private readonly services: string[]) {
    this.impl = new HealthImplementation(
      Object.fromEntries(['', ...services].map((s) => [s, 'NOT_SERVING' as const])),
    );
  }

  addToServer(server: Server): void {
    this.impl.addToServer(server);
  }

  setServing(serving: boolean): void {
    for (const s of ['', ...this.services]) this.impl.setStatus(s, serving ? 'SERVING' : 'NOT_SERVING');
  }
}
