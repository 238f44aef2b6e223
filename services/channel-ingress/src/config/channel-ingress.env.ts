import { z } from 'zod';
import { baseServiceEnv, grpcAddress, httpUrl } from '@concierge/config';

export const channelIngressEnv = baseServiceEnv({ httpPort: 8080, grpcPort: 50051 }).extend({
  IDENTITY_GRPC_ADDR: grpcAddress.default('127.0.0.1:50052'),
  TELEGRAM_API_BASE_URL: httpUrl.default('https://api.telegram.org'),
  // Meta Graph API (WhatsApp Cloud API, Messenger, Instagram); tests point it at a local fake.
  GRAPH_API_BASE_URL: httpUrl.default('https://graph.facebook.com'),
  GRAPH_API_VERSION: z.string().regex(/^v\d+\.\d+$/).default('v21.0'),
  // Where this service is reachable from outside; prefixes attachment URLs. Empty: relative URLs.
  PUBLIC_BASE_URL: z.string().default(''),
  // Encrypts channel secrets at rest; any string, stretched with SHA-256. Set it in production.
  CHANNEL_SECRETS_KEY: z.string().min(16).default('concierge-dev-channel-secrets-key'),
  OUTBOUND_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  // Outbound retries: exponential backoff from the base, capped, provider retry_after honoured; then the DLQ.
  OUTBOUND_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(6),
  OUTBOUND_BACKOFF_BASE_MS: z.coerce.number().int().min(10).default(500),
  OUTBOUND_BACKOFF_MAX_MS: z.coerce.number().int().min(100).default(300_000),
  DELIVERY_POLL_MS: z.coerce.number().int().min(20).default(250),
  WIDGET_MAX_TEXT_LENGTH: z.coerce.number().int().min(1).default(4000),
  // JSON webhooks (Telegram, Meta, voice); email and uploads may use the whole HTTP body limit.
  WEBHOOK_MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024),
  ATTACHMENT_MAX_BYTES: z.coerce.number().int().min(1024).default(10 * 1024 * 1024),
  ATTACHMENT_ALLOWED_TYPES: z
    .string()
    .default('image/jpeg,image/png,image/gif,image/webp,application/pdf,text/plain,text/csv,audio/ogg,audio/mpeg,audio/mp4,video/mp4'),
  // Signed email/voice/API posts older or newer than this are refused as replays.
  WEBHOOK_SIGNATURE_TOLERANCE_S: z.coerce.number().int().min(1).default(300),
  // Per-replica token buckets; 0 turns a limit off.
  RATE_LIMIT_CHANNEL_PER_MINUTE: z.coerce.number().int().min(0).default(30_000),
  RATE_LIMIT_SENDER_PER_MINUTE: z.coerce.number().int().min(0).default(60),
  RATE_LIMIT_SENDER_BURST: z.coerce.number().int().min(1).default(20),
  // How long a channel user → customer id answer from identity-graph is reused (0 = always ask).
  IDENTITY_CACHE_TTL_MS: z.coerce.number().int().min(0).default(60_000),
  // First contacts: the webhook is answered once the message is stored; the customer is resolved right after.
  // The resolver also polls this often for messages left by a crash or an identity-graph outage.
  PENDING_IDENTITY_POLL_MS: z.coerce.number().int().min(20).default(1_000),
  // Senders resolved side by side per pass, and the longest wait between retries while identity-graph fails.
  PENDING_IDENTITY_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(4),
  PENDING_IDENTITY_RETRY_MAX_MS: z.coerce.number().int().min(100).default(60_000),
  // How long a webhook reuses a channel's row and opened secrets (0 = read them on every request). Changes
  // made through this replica apply at once; other replicas see an update or a disable within this time.
  CHANNEL_CACHE_TTL_MS: z.coerce.number().int().min(0).default(5_000),
  WHATSAPP_WINDOW_HOURS: z.coerce.number().min(1).default(24),
});

export type ChannelIngressEnv = z.infer<typeof channelIngressEnv>;
