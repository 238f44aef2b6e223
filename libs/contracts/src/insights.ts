export * from './generated/concierge/insights/v1/insights_service';
export * from './generated/concierge/insights/v1/insights_events';
