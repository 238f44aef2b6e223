import { z } from 'zod';
import { baseServiceEnv, grpcAddress } from '@concierge/config';

const optionalUrl = z
  .string()
  .trim()
  .default('')
  .refine((v) => v === '' || /^https?:\/\/[^\s]+$/.test(v), 'must be an http(s) URL');

export const dialogueAgentEnv = baseServiceEnv({ httpPort: 8082, grpcPort: 50053 }).extend({
  IDENTITY_GRPC_ADDR: grpcAddress.default('127.0.0.1:50052'),
  CHECKOUT_GRPC_ADDR: grpcAddress.default('127.0.0.1:50055'),
  PREDICTION_GRPC_ADDR: grpcAddress.default('127.0.0.1:50054'),
  // Minimum full-text relevance for a knowledge chunk to be used as an answer.
  KNOWLEDGE_MIN_SCORE: z.coerce.number().min(0).max(1).default(0.05),
  // Empty key = the built-in offline policy; any OpenAI-compatible endpoint otherwise.
  OPENAI_API_KEY: z.string().trim().default(''),
  OPENAI_BASE_URL: optionalUrl,
  LLM_MODEL: z.string().trim().default('gpt-4o-mini'),
  // Empty = images are not sent to a model; the agent says what it can do without one.
  LLM_VISION_MODEL: z.string().trim().default(''),
  LLM_TIMEOUT_MS: z.coerce.number().int().min(500).max(300_000).default(20_000),
  LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  LLM_MAX_TOOL_ITERATIONS: z.coerce.number().int().min(1).max(20).default(6),
  // Consecutive failed turns that open the circuit, and how long it stays open.
  LLM_BREAKER_FAILURES: z.coerce.number().int().min(1).max(100).default(3),
  LLM_BREAKER_OPEN_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  // USD per 1M tokens; cost is accounted in micro-USD.
  LLM_PRICE_INPUT_PER_MTOK: z.coerce.number().min(0).default(0.15),
  LLM_PRICE_OUTPUT_PER_MTOK: z.coerce.number().min(0).default(0.6),
  // Deadline of each tool call to another service.
  TOOL_DEADLINE_MS: z.coerce.number().int().min(100).max(60_000).default(3000),
  // Frustration (message or conversation) that switches the agent to calm mode.
  CALM_THRESHOLD: z.coerce.number().min(0).max(1).default(0.6),
  // Largest compensation coupon the agent may ask checkout for in calm mode (minor units); checkout enforces the tenant cap. 0 = never.
  COMPENSATION_OFFER_MINOR: z.coerce.number().int().min(0).default(500),
  // Conversation frustration at which the agent hands over to a person by itself.
  HANDOFF_FRUSTRATION: z.coerce.number().min(0).max(1).default(0.85),
  // A conversation idle this long is closed and its resolution recorded.
  CONVERSATION_IDLE_MINUTES: z.coerce.number().min(1).max(100_000).default(30),
  CONVERSATION_SWEEP_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
  // A quote must be confirmed within this time to be ordered.
  QUOTE_CONFIRMATION_MINUTES: z.coerce.number().min(1).max(1440).default(30),
});

export type DialogueAgentEnv = z.infer<typeof dialogueAgentEnv>;
