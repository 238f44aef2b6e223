export * from './generated/concierge/ingress/v1/ingress_service';
export * from './generated/concierge/ingress/v1/ingress_events';
