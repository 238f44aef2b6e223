import { z } from 'zod';
import { kafkaBrokers, port, postgresUrl } from './env';

/** Variables every service reads. */
export const baseServiceEnv = (defaults: { httpPort: number; grpcPort: number }) =>
  z.object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DATABASE_URL: postgresUrl,
    KAFKA_BROKERS: kafkaBrokers,
    KAFKA_CLIENT_ID: z.string().optional(),
    KAFKA_TOPIC_PARTITIONS: z.coerce.number().int().min(1).default(3),
    // Prepended to every topic name, e.g. "staging." to share one cluster between environments.
    KAFKA_TOPIC_PREFIX: z.string().regex(/^[A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" and "-" only').default(''),
    // Consumer group id; defaults to KAFKA_TOPIC_PREFIX + the service name.
    KAFKA_GROUP_ID: z.string().optional(),
    HTTP_PORT: port(defaults.httpPort),
    GRPC_PORT: port(defaults.grpcPort),
    HOST: z.string().default('0.0.0.0'),
    // Shared secret of the services' own calls to each other.
    INTERNAL_API_KEY: z.string().min(8).default('concierge-internal-dev-key'),
    // Per-tenant keys for external gRPC callers: "tenant:key,tenant:key".
    TENANT_API_KEYS: z
      .string()
      .default('')
      .refine(
        (v) => v === '' || v.split(',').every((p) => /^[\w-]+:.{8,}$/.test(p.trim())),
        'must be "tenant:key" pairs (keys at least 8 characters) separated by commas',
      )
      .refine((v) => {
        const keys = v.split(',').map((p) => p.trim().slice(p.trim().indexOf(':') + 1)).filter(Boolean);
        return new Set(keys).size === keys.length;
      }, 'every tenant needs its own key: the same key is listed twice'),
    GRPC_DEADLINE_MS: z.coerce.number().int().min(50).default(5000),
  });

export type BaseServiceEnv = z.infer<ReturnType<typeof baseServiceEnv>>;

export function parseTenantApiKeys(value: string): Map<string, string> {
  const keys = new Map<string, string>();
  for (const pair of value.split(',').map((p) => p.trim()).filter(Boolean)) {
    const i = pair.indexOf(':');
    keys.set(pair.slice(i + 1), pair.slice(0, i));
  }
  return keys;
}
