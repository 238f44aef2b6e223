/** The six services, their local default ports and who calls whom (for *_GRPC_ADDR). */
export interface ServiceSpec {
  name: string;
  httpPort: number;
  grpcPort: number;
  /** Env var other services read to reach this one. */
  addrVar: string;
}

export const SERVICES: ServiceSpec[] = [
  { name: 'identity-graph', httpPort: 8081, grpcPort: 50052, addrVar: 'IDENTITY_GRPC_ADDR' },
  { name: 'channel-ingress', httpPort: 8080, grpcPort: 50051, addrVar: 'INGRESS_GRPC_ADDR' },
  { name: 'dialogue-agent', httpPort: 8082, grpcPort: 50053, addrVar: 'DIALOGUE_GRPC_ADDR' },
  { name: 'prediction', httpPort: 8083, grpcPort: 50054, addrVar: 'PREDICTION_GRPC_ADDR' },
  { name: 'commerce-checkout', httpPort: 8084, grpcPort: 50055, addrVar: 'CHECKOUT_GRPC_ADDR' },
  { name: 'insights', httpPort: 8085, grpcPort: 50056, addrVar: 'INSIGHTS_GRPC_ADDR' },
];

/** DATABASE_URL override per service: IDENTITY_GRAPH_DATABASE_URL and so on. */
export const databaseUrlVar = (service: string) => `${service.toUpperCase().replace(/-/g, '_')}_DATABASE_URL`;
export const databaseName = (service: string) => `concierge_${service.replace(/-/g, '_')}`;
