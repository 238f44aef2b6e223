import { randomUUID } from 'node:crypto';
import { CommonV1, DialogueV1, Events, IdentityV1, IngressV1, toTimestamp } from '@concierge/contracts';
import type { UnaryClient } from '@concierge/grpc';
import type { TestEventPublisher } from '@concierge/testing';

export const Type = IdentityV1.IdentifierType;
export type IdentityClient = UnaryClient<IdentityV1.IdentityServiceClient>;

export const resolveReq = (r: Partial<IdentityV1.ResolveIdentityRequest>): IdentityV1.ResolveIdentityRequest => ({
  ...IdentityV1.ResolveIdentityRequest.fromJSON({}),
  ...r,
});

export const hint = (type: IdentityV1.IdentifierType, value: string, verified = true): IdentityV1.Identity => ({
  ...IdentityV1.Identity.fromJSON({}),
  type,
  value,
  verified,
});

const channelOf: Record<string, CommonV1.ChannelKind> = {
  [Type.IDENTIFIER_TYPE_TELEGRAM_USER]: CommonV1.ChannelKind.CHANNEL_KIND_TELEGRAM,
  [Type.IDENTIFIER_TYPE_WIDGET_VISITOR]: CommonV1.ChannelKind.CHANNEL_KIND_WIDGET,
};

/** What channel-ingress publishes for an inbound message; returns the message id. */
export async function publishInbound(
  events: TestEventPublisher,
  o: { tenantId: string; customerId: string; type: IdentityV1.IdentifierType; externalUserId: string; text: string; at?: Date },
): Promise<string> {
  const messageId = randomUUID();
  const at = o.at ?? new Date();
  const message: IngressV1.InboundMessage = {
    ...IngressV1.InboundMessage.fromJSON({}),
    messageId,
    tenantId: o.tenantId,
    channelId: `ch-${channelOf[o.type]}`,
    channelKind: channelOf[o.type],
    customerId: o.customerId,
    externalUserId: o.externalUserId,
    externalMessageId: `ext-${messageId}`,
    text: o.text,
    sentAt: toTimestamp(at),
    receivedAt: toTimestamp(at),
  };
  await events.publish(Events.messageReceived, { message }, { key: o.customerId, tenantId: o.tenantId, eventId: messageId });
  return messageId;
}

/** What dialogue-agent publishes for a reply. */
export async function publishReply(
  events: TestEventPublisher,
  o: { tenantId: string; customerId: string; inReplyTo: string; kind: CommonV1.ChannelKind; text: string; at?: Date },
): Promise<void> {
  const replyId = randomUUID();
  const reply: DialogueV1.ReplyReady = {
    ...DialogueV1.ReplyReady.fromJSON({}),
    replyId,
    tenantId: o.tenantId,
    customerId: o.customerId,
    channelKind: o.kind,
    channelId: `ch-${o.kind}`,
    text: o.text,
    inReplyToMessageId: o.inReplyTo,
    createdAt: toTimestamp(o.at ?? new Date()),
  };
  await events.publish(Events.replyReady, reply, { key: o.customerId, tenantId: o.tenantId, eventId: replyId });
}

export const timelineTexts = async (identity: IdentityClient, tenantId: string, customerId: string) =>
  (await identity.getCustomerContext({ tenantId, customerId, recentItems: 50 })).recentTimeline.map((i) => i.text);
