export * from './generated/concierge/identity/v1/identity_service';
export * from './generated/concierge/identity/v1/identity_events';
