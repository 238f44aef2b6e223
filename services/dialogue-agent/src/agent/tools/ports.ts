import type { CheckoutV1, CommonV1, IdentityV1, PredictionV1 } from '@concierge/contracts';
import type { CallOptions, UnaryClient } from '@concierge/grpc';

export type CheckoutClient = UnaryClient<CheckoutV1.CheckoutServiceClient>;
export type IdentityClient = UnaryClient<IdentityV1.IdentityServiceClient>;
export type PredictionClient = UnaryClient<PredictionV1.PredictionServiceClient>;

export interface KnowledgeHit {
  id: string;
  title: string;
  text: string;
  score: number;
}

/** Everything a tool may reach: gRPC clients of the owning services and the local knowledge base. */
export interface AgentPorts {
  checkout: Partial<CheckoutClient>;
  identity: Partial<IdentityClient>;
  prediction: Partial<PredictionClient>;
  searchKnowledge(tenantId: string, query: string, limit: number): Promise<KnowledgeHit[]>;
}

export type { CallOptions, CommonV1 };
