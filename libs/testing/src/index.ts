export * from './infra';
export { testDatabaseUrl } from './jest/test-database';
export * from './service/test-service';
export * from './service/eventually';
export * from './fakes/fake-telegram';
export * from './fakes/sse-reader';
export * from './service/spawned-service';
export * from './service/test-events';
export * from './service/grpc-probes';
