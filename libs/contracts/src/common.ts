export * from './generated/concierge/common/v1/common';
export type { Timestamp } from './generated/google/protobuf/timestamp';
