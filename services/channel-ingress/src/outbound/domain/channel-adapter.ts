import type { CommonV1 } from '@concierge/contracts';
import type { ChannelEntity } from '../../channels/persistence/channel.entity';

export interface OutboundAttachment {
  kind: string;
  url: string;
  mimeType: string;
  fileName: string;
}

export interface OutboundMessage {
  deliveryId: string;
  recipient: string;
  text: string;
  quickReplies: CommonV1.QuickReply[];
  attachments: OutboundAttachment[];
  /** Threading (email message_id/references/subject), template_name/template_language. */
  context: Record<string, string>;
  /** The customer's last message on this channel (24-hour windows); undefined when never. */
  lastInboundAt?: Date;
}

/**
 * One attempt. `retryable` failures are tried again with exponential backoff (or after the provider's
 * retry_after); the others fail the delivery at once with the provider's reason.
 */
export type SendOutcome =
  | { ok: true; externalId: string }
  | { ok: false; error: string; retryable: boolean; retryAfterMs?: number };

/** Sends one message through one kind of channel. */
export interface ChannelAdapter {
  send(channel: ChannelEntity, secrets: Record<string, string>, message: OutboundMessage): Promise<SendOutcome>;
}

/** Classifies an HTTP answer from a provider: 429 and 5xx are worth another try. */
export function httpFailure(provider: string, status: number, detail: string, retryAfterSeconds?: number): SendOutcome {
  if (status === 0) return { ok: false, error: `${provider} unreachable: ${detail}`, retryable: true };
  const retryable = status === 429 || status >= 500 || status === 408;
  return {
    ok: false,
    error: `${provider} ${status}: ${detail}`,
    retryable,
    ...(retryAfterSeconds && retryAfterSeconds > 0 ? { retryAfterMs: retryAfterSeconds * 1000 } : {}),
  };
}
