export * from './generated/concierge/prediction/v1/prediction_service';
export * from './generated/concierge/prediction/v1/prediction_events';
