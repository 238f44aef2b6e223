import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CommonV1, Events, IdentityV1, IngressV1, toTimestamp } from '@concierge/contracts';
import { Outbox, OutboxEvent } from '@concierge/kafka';
import { SERVICE_CONFIG } from '@concierge/service-kit';
import { AttachmentBlobEntity } from '../../../attachments/persistence/attachment-blob.entity';
import { ChannelEntity } from '../../../channels/persistence/channel.entity';
import { resolveRequest } from '../../../clients/identity-hints';
import type { ChannelIngressEnv } from '../../../config/channel-ingress.env';
import { StoredAttachment } from '../../persistence/inbound-message.entity';
import { InboundMessageRepository, InsertOutcome } from '../../persistence/inbound-message.repository';
import { PendingIdentityRepository } from '../../persistence/pending-identity.repository';
import { customerCacheKey, IdentityResolution } from '../resolve-pending/identity-resolution';

/** An attachment whose bytes arrived in the request (email part, widget upload). */
export interface InlineAttachment {
  kind: string;
  mimeType: string;
  fileName: string;
  content: Buffer;
}

export interface ReceiveMessageCommand {
  channel: ChannelEntity;
  identifierType: IdentityV1.IdentifierType;
  externalUserId: string;
  /** The channel vouches for externalUserId (an email From address the provider authenticated). */
  verified?: boolean;
  externalMessageId: string;
  replyAddress: string;
  text: string;
  displayName: string;
  locale: string;
  sentAt: Date;
  affectHints?: CommonV1.AffectHints;
  /** Attachments the provider hosts (Telegram file_id, WhatsApp media id, a URL). */
  attachments?: StoredAttachment[];
  inline?: InlineAttachment[];
  /** Identifiers the channel knows besides externalUserId (email, phone, CRM id). */
  hints?: IdentityV1.Identity[];
  context?: Record<string, string>;
  conversationRef?: string;
  replyToExternalId?: string;
  edited?: boolean;
  startPayload?: string;
  buttonPayload?: string;
  subject?: string;
  voiceSegments?: IngressV1.VoiceSegment[];
  typing?: IngressV1.TypingSignals;
}

export interface ReceiveMessageResult {
  messageId: string;
  customerId: string;
  duplicate: boolean;
}

const hintText = (h: IdentityV1.Identity) => {
  const t = IdentityV1.identifierTypeToJSON(h.type).replace('IDENTIFIER_TYPE_', '').toLowerCase();
  return `${t}:${h.value}`;
};

/**
 * Normalizes a channel message into one stored message and one message-received event,
 * exactly once per (channel, external message id). A sender whose customer id is cached gets the event in
 * the same statement as the message; any other is acknowledged once the message and a pending row are
 * stored, and IdentityResolution writes the event right after (see there). `resolveNow` (the API channel,
 * which answers with the customer id) asks identity-graph first instead.
 */
@Injectable()
export class ReceiveMessageUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly messages: InboundMessageRepository,
    private readonly pending: PendingIdentityRepository,
    private readonly identities: IdentityResolution,
    private readonly outbox: Outbox,
    @Inject(SERVICE_CONFIG) private readonly config: ChannelIngressEnv,
  ) {}

  async execute(cmd: ReceiveMessageCommand, options: { resolveNow?: boolean } = {}): Promise<ReceiveMessageResult> {
    const { channel } = cmd;
    // A redelivery is caught by the insert itself (the dedupe key); only a caller about to ask identity-graph checks first.
    if (options.resolveNow && (await this.messages.exists(channel.id, cmd.externalMessageId)))
      return { messageId: '', customerId: '', duplicate: true };
    const hints = cmd.hints ?? [];
    const request = resolveRequest({
      tenantId: channel.tenantId,
      type: cmd.identifierType,
      value: cmd.externalUserId,
      hints,
      displayName: cmd.displayName,
      locale: cmd.locale,
      verified: !!cmd.verified,
    });
    // Repeat senders skip identity-graph for a while; hints (new identifiers to link) always go to it.
    let customerId = !hints.length && !cmd.verified ? this.identities.cached(customerCacheKey(channel.tenantId, cmd.identifierType, cmd.externalUserId)) : undefined;
    if (!customerId && options.resolveNow) customerId = await this.identities.resolve(request);
    const messageId = randomUUID();
    const receivedAt = new Date();
    const base = this.config.PUBLIC_BASE_URL.replace(/\/$/, '');
    const blobs = (cmd.inline ?? []).map((a) => ({ id: randomUUID(), ...a }));
    const attachments: StoredAttachment[] = [
      ...(cmd.attachments ?? []),
      ...blobs.map((b) => ({
        kind: b.kind,
        url: `${base}/v1/attachments/${b.id}`,
        mimeType: b.mimeType,
        fileName: b.fileName,
        sizeBytes: b.content.length,
        externalId: b.id,
      })),
    ];
    const message = {
      id: messageId,
      tenantId: channel.tenantId,
      channelId: channel.id,
      channelKind: channel.kind,
      externalUserId: cmd.externalUserId,
      externalMessageId: cmd.externalMessageId,
      customerId: customerId ?? null,
      replyAddress: cmd.replyAddress,
      text: cmd.text,
      locale: cmd.locale,
      sentAt: cmd.sentAt,
      receivedAt,
      attachments,
      context: cmd.context ?? {},
      conversationRef: cmd.conversationRef ?? '',
    };
    const payload: IngressV1.MessageReceived = {
      message: {
        messageId,
        tenantId: channel.tenantId,
        channelId: channel.id,
        channelKind: channel.kind as CommonV1.ChannelKind,
        customerId: customerId ?? '',
        externalUserId: cmd.externalUserId,
        externalMessageId: cmd.externalMessageId,
        text: cmd.text,
        attachments: attachments.map((a) => ({ ...a, sizeBytes: String(a.sizeBytes) })),
        locale: cmd.locale,
        sentAt: toTimestamp(cmd.sentAt),
        receivedAt: toTimestamp(receivedAt),
        affectHints: cmd.affectHints,
        conversationRef: cmd.conversationRef ?? '',
        replyToExternalId: cmd.replyToExternalId ?? '',
        edited: cmd.edited ?? false,
        startPayload: cmd.startPayload ?? '',
        buttonPayload: cmd.buttonPayload ?? '',
        subject: cmd.subject ?? '',
        voiceSegments: cmd.voiceSegments ?? [],
        identityHints: hints.map(hintText),
        typing: cmd.typing,
      },
    };
    const pending = { request: IdentityV1.ResolveIdentityRequest.toJSON(request), payload: Events.messageReceived.codec.toJSON(payload) };
    const event = customerId
      ? ({ event: Events.messageReceived, eventId: messageId, key: customerId, tenantId: channel.tenantId, payload } satisfies OutboxEvent<IngressV1.MessageReceived>)
      : undefined;
    let outcome: InsertOutcome;
    if (blobs.length)
      // Uploaded bytes too: message, blobs and event (or pending row) in one transaction.
      outcome = await this.dataSource.transaction(async (m) => {
        if (!(await this.messages.insertOnce(m, message))) return 'duplicate';
        await m.insert(
          AttachmentBlobEntity,
          blobs.map((b) => ({ id: b.id, tenantId: channel.tenantId, channelId: channel.id, mimeType: b.mimeType, fileName: b.fileName, content: b.content })),
        );
        if (event && !(await this.pending.senderWaiting(m, channel.id, cmd.externalUserId))) {
          await this.outbox.add(m, event);
          return 'event';
        }
        await this.pending.add(m, { messageId, tenantId: channel.tenantId, channelId: channel.id, sender: cmd.externalUserId, ...pending });
        return 'pending';
      });
    else if (event) {
      outcome = await this.messages.insertWithEvent(message, this.outbox.row(event), pending);
      if (outcome === 'event') this.outbox.written();
    } else outcome = (await this.messages.insertPending(message, pending)) ? 'pending' : 'duplicate';
    if (outcome === 'pending') this.identities.kick();
    if (outcome === 'duplicate') return { messageId: '', customerId: customerId ?? '', duplicate: true };
    return { messageId, customerId: customerId ?? '', duplicate: false };
  }
}
