import { Provider } from '@nestjs/common';
import { CheckoutV1, PredictionV1, ServiceProtos } from '@concierge/contracts';
import { createGrpcClient } from '@concierge/grpc';
import { SERVICE_CONFIG } from '@concierge/service-kit';
import { AgentTurnEngine } from '../agent/agent-turn';
import { LlmAgent } from '../agent/llm/llm-agent';
import type { AgentPorts, CheckoutClient, PredictionClient } from '../agent/tools/ports';
import type { DialogueAgentEnv } from '../config/dialogue-agent.env';
import { SearchKnowledgeUseCase } from '../knowledge/use-cases/search-knowledge/search-knowledge.use-case';
import { IDENTITY_CLIENT, IdentityClient } from './identity.client';

export const CHECKOUT_CLIENT = Symbol('CHECKOUT_CLIENT');
export const PREDICTION_CLIENT = Symbol('PREDICTION_CLIENT');
export const AGENT_PORTS = Symbol('AGENT_PORTS');
export const LLM_AGENT = Symbol('LLM_AGENT');

export const checkoutClientProvider: Provider = {
  provide: CHECKOUT_CLIENT,
  inject: [SERVICE_CONFIG],
  useFactory: (c: DialogueAgentEnv): CheckoutClient =>
    createGrpcClient<CheckoutV1.CheckoutServiceClient>(ServiceProtos.checkout, { address: c.CHECKOUT_GRPC_ADDR, apiKey: c.INTERNAL_API_KEY, deadlineMs: c.TOOL_DEADLINE_MS }),
};

export const predictionClientProvider: Provider = {
  provide: PREDICTION_CLIENT,
  inject: [SERVICE_CONFIG],
  useFactory: (c: DialogueAgentEnv): PredictionClient =>
    createGrpcClient<PredictionV1.PredictionServiceClient>(ServiceProtos.prediction, { address: c.PREDICTION_GRPC_ADDR, apiKey: c.INTERNAL_API_KEY, deadlineMs: c.TOOL_DEADLINE_MS }),
};

export const agentPortsProvider: Provider = {
  provide: AGENT_PORTS,
  inject: [CHECKOUT_CLIENT, IDENTITY_CLIENT, PREDICTION_CLIENT, SearchKnowledgeUseCase],
  useFactory: (checkout: CheckoutClient, identity: IdentityClient, prediction: PredictionClient, knowledge: SearchKnowledgeUseCase): AgentPorts => ({
    checkout,
    identity,
    prediction,
    searchKnowledge: async (tenantId, query, limit) =>
      (await knowledge.execute({ tenantId, query, limit })).map((c) => ({ id: c.id, title: c.title, text: c.text, score: Number(c.score) })),
  }),
};

/** Undefined when no OPENAI_API_KEY is set: the offline policy answers. */
export const llmAgentProvider: Provider = {
  provide: LLM_AGENT,
  inject: [SERVICE_CONFIG],
  useFactory: (c: DialogueAgentEnv): LlmAgent | null =>
    c.OPENAI_API_KEY
      ? new LlmAgent({
          apiKey: c.OPENAI_API_KEY,
          baseURL: c.OPENAI_BASE_URL,
          model: c.LLM_MODEL,
          visionModel: c.LLM_VISION_MODEL,
          timeoutMs: c.LLM_TIMEOUT_MS,
          maxRetries: c.LLM_MAX_RETRIES,
          maxToolIterations: c.LLM_MAX_TOOL_ITERATIONS,
          breakerFailures: c.LLM_BREAKER_FAILURES,
          breakerOpenMs: c.LLM_BREAKER_OPEN_MS,
          priceInputPerMTok: c.LLM_PRICE_INPUT_PER_MTOK,
          priceOutputPerMTok: c.LLM_PRICE_OUTPUT_PER_MTOK,
        })
      : null,
};

export const agentEngineProvider: Provider = {
  provide: AgentTurnEngine,
  inject: [AGENT_PORTS, SERVICE_CONFIG, LLM_AGENT],
  useFactory: (ports: AgentPorts, c: DialogueAgentEnv, llm: LlmAgent | null) =>
    new AgentTurnEngine(
      ports,
      {
        knowledgeMinScore: c.KNOWLEDGE_MIN_SCORE,
        toolDeadlineMs: c.TOOL_DEADLINE_MS,
        quoteTtlMs: c.QUOTE_CONFIRMATION_MINUTES * 60_000,
        handoffFrustration: c.HANDOFF_FRUSTRATION,
        calmThreshold: c.CALM_THRESHOLD,
        compensationCapMinor: c.COMPENSATION_OFFER_MINOR,
      },
      llm ?? undefined,
    ),
};
