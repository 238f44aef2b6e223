import { z } from 'zod';
import { baseServiceEnv, grpcAddress, httpUrl } from '@concierge/config';

export const channelIngressEnv = baseServiceEnv({ httpPort: 8080, grpcPort: 50051 }).extend({
  IDENTITY_GRPC_ADDR: grpcAddress.default('127.0.0.1:50052'),
  TELEGRAM_API_BASE_URL: httpUrl.default('https://api.telegram.org'),
  // Encrypts channel secrets at rest; any string, stretched with SHA-256. Set it in production.
  CHANNEL_SECRETS_KEY: z.string().min(16).default('concierge-dev-channel-secrets-key'),
  OUTBOUND_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  WIDGET_MAX_TEXT_LENGTH: z.coerce.number().int().min(1).default(4000),
});

export type ChannelIngressEnv = z.infer<typeof channelIngressEnv>;
