import { z } from 'zod';
import { baseServiceEnv, grpcAddress } from '@concierge/config';

const pairs = (what: string, sep: string) =>
  z
    .string()
    .default('')
    .refine((v) => v === '' || v.split(',').every((p) => p.includes(sep) && p.indexOf(sep) > 0), `must be "tenant${sep}${what}" pairs separated by commas`);

export const insightsEnv = baseServiceEnv({ httpPort: 8085, grpcPort: 50056 }).extend({
  DIALOGUE_GRPC_ADDR: grpcAddress.default('127.0.0.1:50053'),
  // Key of the HMAC that turns customer ids into stable pseudonyms on every stream.
  INSIGHTS_PSEUDONYM_KEY: z.string().min(16).default('concierge-dev-pseudonym-key-change-me'),
  // Tenants whose conversation-fact records carry the (masked) message text: "acme,globex".
  INSIGHTS_RAW_TEXT_TENANTS: z.string().default(''),
  // How long a fact waits for the agent's turn-completed (sentiment, style) before it is published without them.
  INSIGHTS_FACT_WAIT_MS: z.coerce.number().int().min(0).default(10_000),
  // Slack-compatible incoming webhook for every tenant's alerts, and per-tenant overrides "tenant=url".
  INSIGHTS_ALERT_WEBHOOK_URL: z.union([z.literal(''), z.url()]).default(''),
  INSIGHTS_ALERT_WEBHOOKS: pairs('url', '='),
  // Link in webhook messages back to the console.
  INSIGHTS_CONSOLE_URL: z.string().default('http://localhost:8085/console/'),
  // Console logins "tenant:password"; a tenant's gRPC API key (TENANT_API_KEYS) also logs in.
  INSIGHTS_CONSOLE_USERS: pairs('password', ':'),
  // Signs console session cookies.
  INSIGHTS_SESSION_SECRET: z.string().min(16).default('concierge-dev-console-session-secret'),
  INSIGHTS_ROLLUP_INTERVAL_MS: z.coerce.number().int().min(1000).default(60_000),
  // Optional LLM refinement of the rule-based classification (any OpenAI-compatible endpoint).
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: z.string().optional(),
  LLM_MODEL: z.string().default('gpt-4o-mini'),
  INSIGHTS_LLM_TIMEOUT_MS: z.coerce.number().int().min(100).default(4000),
});

export type InsightsEnv = z.infer<typeof insightsEnv>;

export function tenantMap(value: string, sep: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of value.split(',').map((s) => s.trim()).filter(Boolean)) out.set(p.slice(0, p.indexOf(sep)), p.slice(p.indexOf(sep) + 1));
  return out;
}
