import { status } from '@grpc/grpc-js';
import type { ServiceProto } from '@concierge/contracts';
import { createGrpcClient, GrpcCallError, UnaryClient } from '@concierge/grpc';

export const DEMO_TENANT = 'demo';

/** What every per-service seed step gets: the tenant, the internal key and one address per service. */
export interface SeedContext {
  tenantId: string;
  apiKey: string;
  addresses: { ingress: string; identity: string; dialogue: string; prediction: string; checkout: string; insights: string };
  telegram: { webhookSecret: string; botToken: string };
  log: (line: string) => void;
}

/** A client for one service, closed by the caller. */
export function seedClient<T>(proto: ServiceProto, address: string, ctx: SeedContext): UnaryClient<T> {
  return createGrpcClient<T>(proto, { address, apiKey: ctx.apiKey, deadlineMs: 15_000 });
}

/** Seeding runs again on every start: "already there" is success. */
export const ignoreExisting = (err: unknown) => {
  if (err instanceof GrpcCallError && err.code === status.ALREADY_EXISTS) return;
  throw err;
};
