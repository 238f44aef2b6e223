export * from './data-source';
export * from './processed-event.entity';
export * from './outbox-record.entity';
export * from './messaging-tables.migration';
export * from './postgres-errors';
export * from './customer-lineage/customer-alias.entity';
export * from './customer-lineage/customer-tombstone.entity';
export * from './customer-lineage/customer-directory';
