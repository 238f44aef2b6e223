/** Every Kafka topic of the platform. A name never changes once shipped; a breaking payload change is a new .v2 topic. */
export const Topics = {
  ingressMessageReceived: 'concierge.ingress.message-received.v1',
  ingressDeliveryUpdated: 'concierge.ingress.delivery-updated.v1',
  identityCustomerMerged: 'concierge.identity.customer-merged.v1',
  identityCustomerErased: 'concierge.identity.customer-erased.v1',
  identityCustomerUnmerged: 'concierge.identity.customer-unmerged.v1',
  identityProfileUpdated: 'concierge.identity.profile-updated.v1',
  dialogueReplyReady: 'concierge.dialogue.reply-ready.v1',
  dialogueTurnCompleted: 'concierge.dialogue.turn-completed.v1',
  dialogueHandoffRequested: 'concierge.dialogue.handoff-requested.v1',
  predictionOutreachDue: 'concierge.prediction.outreach-due.v1',
  checkoutOrderPlaced: 'concierge.checkout.order-placed.v1',
  checkoutOrderStatusChanged: 'concierge.checkout.order-status-changed.v1',
  checkoutFollowUpDue: 'concierge.checkout.follow-up-due.v1',
  insightsConversationFact: 'concierge.insights.conversation-fact.v1',
  insightsAlertRaised: 'concierge.insights.alert-raised.v1',
  insightsMetricsRollup: 'concierge.insights.metrics-rollup.v1',
} as const;

export type Topic = (typeof Topics)[keyof typeof Topics];

export const dlqTopic = (topic: string) => `${topic}.dlq`;
