export * from './generated/concierge/dialogue/v1/dialogue_service';
export * from './generated/concierge/dialogue/v1/dialogue_events';
