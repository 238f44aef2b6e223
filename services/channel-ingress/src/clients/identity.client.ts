import { Provider } from '@nestjs/common';
import { IdentityV1, ServiceProtos } from '@concierge/contracts';
import { createGrpcClient, UnaryClient } from '@concierge/grpc';
import { SERVICE_CONFIG } from '@concierge/service-kit';
import type { ChannelIngressEnv } from '../config/channel-ingress.env';

export const IDENTITY_CLIENT = Symbol('IDENTITY_CLIENT');
export type IdentityClient = UnaryClient<IdentityV1.IdentityServiceClient>;

export const identityClientProvider: Provider = {
  provide: IDENTITY_CLIENT,
  inject: [SERVICE_CONFIG],
  useFactory: (c: ChannelIngressEnv): IdentityClient =>
    createGrpcClient<IdentityV1.IdentityServiceClient>(ServiceProtos.identity, {
      address: c.IDENTITY_GRPC_ADDR,
      apiKey: c.INTERNAL_API_KEY,
      deadlineMs: c.GRPC_DEADLINE_MS,
    }),
};
