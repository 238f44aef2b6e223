/** What an hourly counter counts: one kind per platform topic. */
export enum EventKind {
  MessageReceived = 'message_received',
  DeliveryUpdated = 'delivery_updated',
  ReplyReady = 'reply_ready',
  TurnCompleted = 'turn_completed',
  HandoffRequested = 'handoff_requested',
  OrderPlaced = 'order_placed',
  OrderStatusChanged = 'order_status_changed',
  OutreachDue = 'outreach_due',
  CustomerMerged = 'customer_merged',
  CustomerErased = 'customer_erased',
  ProfileUpdated = 'profile_updated',
}

/** How a conversation showed up in an hour: it had a turn, or it asked for a human. */
export enum ConversationMark {
  Turn = 'turn',
  Handoff = 'handoff',
}
