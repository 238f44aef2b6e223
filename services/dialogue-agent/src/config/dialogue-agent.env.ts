import { z } from 'zod';
import { baseServiceEnv, grpcAddress } from '@concierge/config';

export const dialogueAgentEnv = baseServiceEnv({ httpPort: 8082, grpcPort: 50053 }).extend({
  IDENTITY_GRPC_ADDR: grpcAddress.default('127.0.0.1:50052'),
  // Minimum full-text relevance for a knowledge chunk to be used as an answer.
  KNOWLEDGE_MIN_SCORE: z.coerce.number().min(0).max(1).default(0.05),
});

export type DialogueAgentEnv = z.infer<typeof dialogueAgentEnv>;
