import { Provider } from '@nestjs/common';
import { CheckoutV1, IdentityV1, ServiceProtos } from '@concierge/contracts';
import { createGrpcClient, UnaryClient } from '@concierge/grpc';
import { SERVICE_CONFIG } from '@concierge/service-kit';
import type { PredictionEnv } from '../../config/prediction.env';

export const IDENTITY_CLIENT = Symbol('IDENTITY_CLIENT');
export const CHECKOUT_CLIENT = Symbol('CHECKOUT_CLIENT');
export type IdentityClient = UnaryClient<IdentityV1.IdentityServiceClient>;
export type CheckoutClient = UnaryClient<CheckoutV1.CheckoutServiceClient>;

export const upstreamClientProviders: Provider[] = [
  {
    provide: IDENTITY_CLIENT,
    inject: [SERVICE_CONFIG],
    useFactory: (c: PredictionEnv): IdentityClient =>
      createGrpcClient<IdentityV1.IdentityServiceClient>(ServiceProtos.identity, { address: c.IDENTITY_GRPC_ADDR, apiKey: c.INTERNAL_API_KEY, deadlineMs: c.GRPC_DEADLINE_MS }),
  },
  {
    provide: CHECKOUT_CLIENT,
    inject: [SERVICE_CONFIG],
    useFactory: (c: PredictionEnv): CheckoutClient =>
      createGrpcClient<CheckoutV1.CheckoutServiceClient>(ServiceProtos.checkout, { address: c.CHECKOUT_GRPC_ADDR, apiKey: c.INTERNAL_API_KEY, deadlineMs: c.GRPC_DEADLINE_MS }),
  },
];
