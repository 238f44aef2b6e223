export * from './generated/concierge/checkout/v1/checkout_service';
export * from './generated/concierge/checkout/v1/checkout_events';
