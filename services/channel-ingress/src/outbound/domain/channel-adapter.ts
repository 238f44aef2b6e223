import type { CommonV1 } from '@concierge/contracts';
import type { ChannelEntity } from '../../channels/persistence/channel.entity';

export interface OutboundMessage {
  deliveryId: string;
  recipient: string;
  text: string;
  quickReplies: CommonV1.QuickReply[];
}

export type SendOutcome = { ok: true; externalId: string } | { ok: false; error: string; attempts: number };

/** Sends one message through one kind of channel, retrying what the provider allows. */
export interface ChannelAdapter {
  send(channel: ChannelEntity, secrets: Record<string, string>, message: OutboundMessage): Promise<SendOutcome>;
}
