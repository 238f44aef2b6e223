import { status } from '@grpc/grpc-js';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CommonV1, Events, IdentityV1, IngressV1, toTimestamp } from '@concierge/contracts';
import { GrpcCallError } from '@concierge/grpc';
import { Outbox, OutboxEvent } from '@concierge/kafka';
import { SERVICE_CONFIG } from '@concierge/service-kit';
import { AttachmentBlobEntity } from '../../../attachments/persistence/attachment-blob.entity';
import { ChannelEntity } from '../../../channels/persistence/channel.entity';
import { resolveRequest } from '../../../clients/identity-hints';
import { IDENTITY_CLIENT, IdentityClient } from '../../../clients/identity.client';
import type { ChannelIngressEnv } from '../../../config/channel-ingress.env';
import { StoredAttachment } from '../../persistence/inbound-message.entity';
import { InboundMessageRepository } from '../../persistence/inbound-message.repository';

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
 * exactly once per (channel, external message id).
 */
@Injectable()
export class ReceiveMessageUseCase {
  private readonly customers: CustomerIdCache;

  constructor(
    private readonly dataSource: DataSource,
    private readonly messages: InboundMessageRepository,
    private readonly outbox: Outbox,
    @Inject(IDENTITY_CLIENT) private readonly identity: IdentityClient,
    @Inject(SERVICE_CONFIG) private readonly config: ChannelIngressEnv,
  ) {
    this.customers = new CustomerIdCache(config.IDENTITY_CACHE_TTL_MS, 50_000);
  }

  async execute(cmd: ReceiveMessageCommand): Promise<ReceiveMessageResult> {
    const { channel } = cmd;
    if (await this.messages.exists(channel.id, cmd.externalMessageId))
      return { messageId: '', customerId: '', duplicate: true };
    const hints = cmd.hints ?? [];
    const resolve = (withHints: IdentityV1.Identity[]) =>
      this.identity.resolveIdentity(
        resolveRequest({ tenantId: channel.tenantId, type: cmd.identifierType, value: cmd.externalUserId, hints: withHints, displayName: cmd.displayName, locale: cmd.locale, verified: !!cmd.verified }),
      );
    // Repeat senders skip the call for a short while; hints (new identifiers to link) always go through.
    const cacheKey = `${channel.tenantId}\u0000${cmd.identifierType}\u0000${cmd.externalUserId}`;
    const cached = !hints.length && !cmd.verified ? this.customers.get(cacheKey) : undefined;
    // A hint identity-graph refuses (e.g. a number that is not a real phone) must not cost the customer their message.
    const customerId =
      cached ??
      (
        await resolve(hints).catch((err: unknown) => {
          if (hints.length && err instanceof GrpcCallError && err.code === status.INVALID_ARGUMENT) return resolve([]);
          throw err;
        })
      ).customerId;
    if (!cached) this.customers.set(cacheKey, customerId);
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
      customerId,
      replyAddress: cmd.replyAddress,
      text: cmd.text,
      locale: cmd.locale,
      sentAt: cmd.sentAt,
      receivedAt,
      attachments,
      context: cmd.context ?? {},
      conversationRef: cmd.conversationRef ?? '',
    };
    const event: OutboxEvent<IngressV1.MessageReceived> = {
      event: Events.messageReceived,
      eventId: messageId,
      key: customerId,
      tenantId: channel.tenantId,
      payload: {
        message: {
          messageId,
          tenantId: channel.tenantId,
          channelId: channel.id,
          channelKind: channel.kind as CommonV1.ChannelKind,
          customerId,
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
      },
    };
    const stored = blobs.length
      ? // Uploaded bytes too: message, blobs and event in one transaction.
        await this.dataSource.transaction(async (m) => {
          if (!(await this.messages.insertOnce(m, message))) return false;
          await m.insert(
            AttachmentBlobEntity,
            blobs.map((b) => ({ id: b.id, tenantId: channel.tenantId, channelId: channel.id, mimeType: b.mimeType, fileName: b.fileName, content: b.content })),
          );
          await this.outbox.add(m, event);
          return true;
        })
      : await this.messages.insertWithEvent(message, this.outbox.row(event)).then((inserted) => {
          if (inserted) this.outbox.written();
          return inserted;
        });
    return stored ? { messageId, customerId, duplicate: false } : { messageId: '', customerId, duplicate: true };
  }
}

/** channel identity → customer id, bounded, with a TTL so merges done by identity-graph are picked up soon. */
class CustomerIdCache {
  private readonly entries = new Map<string, { id: string; at: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly max: number,
  ) {}

  get(key: string): string | undefined {
    const e = this.entries.get(key);
    if (!e || Date.now() - e.at > this.ttlMs) return undefined;
    return e.id;
  }

  set(key: string, id: string): void {
    if (this.ttlMs <= 0) return;
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { id, at: Date.now() });
  }
}
