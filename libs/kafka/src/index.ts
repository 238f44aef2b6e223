export * from './cloud-events';
export * from './kafka-client';
export * from './batching-producer';
export * from './outbox';
export * from './outbox-relay';
export * from './idempotent-consumer';
export * from './event-fields';
export * from './customer-lifecycle';
