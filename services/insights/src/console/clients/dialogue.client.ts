import { Provider } from '@nestjs/common';
import { DialogueV1, ServiceProtos } from '@concierge/contracts';
import { createGrpcClient, UnaryClient } from '@concierge/grpc';
import { SERVICE_CONFIG } from '@concierge/service-kit';
import type { InsightsEnv } from '../../config/insights.env';

export const DIALOGUE_CLIENT = Symbol('DIALOGUE_CLIENT');
export type DialogueClient = UnaryClient<DialogueV1.DialogueServiceClient>;

export const dialogueClientProvider: Provider = {
  provide: DIALOGUE_CLIENT,
  inject: [SERVICE_CONFIG],
  useFactory: (c: InsightsEnv): DialogueClient =>
    createGrpcClient<DialogueV1.DialogueServiceClient>(ServiceProtos.dialogue, { address: c.DIALOGUE_GRPC_ADDR, apiKey: c.INTERNAL_API_KEY, deadlineMs: c.GRPC_DEADLINE_MS }),
};
