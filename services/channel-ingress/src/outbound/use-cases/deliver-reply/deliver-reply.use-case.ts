import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import { CommonV1, DialogueV1, IdentityV1, IngressV1 } from '@concierge/contracts';
import { PINO_LOGGER } from '@concierge/service-kit';
import { ChannelEntity } from '../../../channels/persistence/channel.entity';
import { ChannelRepository } from '../../../channels/persistence/channel.repository';
import { IDENTITY_CLIENT, IdentityClient } from '../../../clients/identity.client';
import { InboundMessageEntity } from '../../../inbound/persistence/inbound-message.entity';
import { InboundMessageRepository } from '../../../inbound/persistence/inbound-message.repository';
import { OutboundErrorCode, OutboundException } from '../../domain/outbound.exception';
import { DeliveryRepository } from '../../persistence/delivery.repository';
import { DeliveryWorker } from '../send-due-deliveries/delivery.worker';

const Kind = CommonV1.ChannelKind;
const Status = IngressV1.DeliveryStatus;

/** Kinds this service can send on. */
export const DELIVERABLE = new Set<string>(
  [Kind.CHANNEL_KIND_WIDGET, Kind.CHANNEL_KIND_TELEGRAM, Kind.CHANNEL_KIND_WHATSAPP, Kind.CHANNEL_KIND_MESSENGER, Kind.CHANNEL_KIND_INSTAGRAM, Kind.CHANNEL_KIND_EMAIL, Kind.CHANNEL_KIND_VOICE, Kind.CHANNEL_KIND_API].map(String),
);

export interface ReplyToDeliver {
  replyId: string;
  tenantId: string;
  customerId: string;
  channelId: string;
  text: string;
  quickReplies: CommonV1.QuickReply[];
  attachments: CommonV1.Attachment[];
  inReplyToMessageId: string;
  templateName?: string;
  templateLanguage?: string;
  /** A proactive message's suggested channel kind (e.g. prediction's preferred channel). */
  preferredKind?: CommonV1.ChannelKind;
}

export function fromReplyReady(r: DialogueV1.ReplyReady): ReplyToDeliver {
  const extra = r as Partial<DialogueV1.ReplyReady>;
  return {
    replyId: r.replyId,
    tenantId: r.tenantId,
    customerId: r.customerId,
    channelId: r.channelId,
    text: r.text,
    quickReplies: r.quickReplies ?? [],
    attachments: extra.attachments ?? [],
    inReplyToMessageId: r.inReplyToMessageId,
    templateName: extra.templateName,
    templateLanguage: extra.templateLanguage,
    preferredKind: r.channelKind && r.channelKind !== Kind.CHANNEL_KIND_UNSPECIFIED && r.channelKind !== Kind.UNRECOGNIZED ? r.channelKind : undefined,
  };
}

/**
 * Routes a reply and queues it once per reply id: back on the channel of the message it answers, or for a
 * proactive message on the customer's preferred reachable channel. DeliveryWorker sends it.
 */
@Injectable()
export class DeliverReplyUseCase {
  constructor(
    private readonly channels: ChannelRepository,
    private readonly inbound: InboundMessageRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly worker: DeliveryWorker,
    @Inject(IDENTITY_CLIENT) private readonly identity: IdentityClient,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {}

  async execute(m: EntityManager, reply: ReplyToDeliver): Promise<{ deliveryId: string; channelId: string; duplicate: boolean }> {
    if (!reply.text.trim() && !reply.attachments.length)
      throw new OutboundException(OutboundErrorCode.InvalidSend, `reply ${reply.replyId} has neither text nor attachments`);
    const { channel, origin } = await this.route(reply);
    const delivery = await this.deliveries.insertOnce(m, {
      replyId: reply.replyId,
      tenantId: reply.tenantId,
      channelId: channel.id,
      channelKind: channel.kind,
      customerId: reply.customerId,
      recipient: origin.replyAddress,
      text: reply.text,
      quickReplies: reply.quickReplies.map((q) => ({ label: q.label, payload: q.payload })),
      attachments: reply.attachments.map((a) => ({ kind: a.kind, url: a.url, mimeType: a.mimeType, fileName: a.fileName })),
      context: {
        ...origin.context,
        ...(reply.templateName ? { template_name: reply.templateName, template_language: reply.templateLanguage ?? '' } : {}),
      },
      status: String(Status.DELIVERY_STATUS_QUEUED),
    });
    if (!delivery) {
      const existing = await this.deliveries.findByReplyId(reply.replyId);
      return { deliveryId: existing?.id ?? '', channelId: existing?.channelId ?? channel.id, duplicate: true };
    }
    this.worker.kickSoon();
    return { deliveryId: delivery.id, channelId: channel.id, duplicate: false };
  }

  private async route(reply: ReplyToDeliver): Promise<{ channel: ChannelEntity; origin: InboundMessageEntity }> {
    if (reply.inReplyToMessageId) {
      const origin = await this.inbound.findById(reply.inReplyToMessageId);
      if (origin) {
        const channel = await this.channels.findById(origin.channelId);
        if (channel?.enabled && DELIVERABLE.has(channel.kind)) return { channel, origin };
      }
    }
    const candidates = await this.inbound.latestPerChannel(reply.tenantId, reply.customerId);
    const usable: { channel: ChannelEntity; origin: InboundMessageEntity }[] = [];
    for (const origin of candidates) {
      const channel = await this.channels.findById(origin.channelId);
      if (channel?.enabled && DELIVERABLE.has(channel.kind)) usable.push({ channel, origin });
    }
    if (reply.channelId) {
      const pinned = usable.find((u) => u.channel.id === reply.channelId);
      if (pinned) return pinned;
    }
    if (!usable.length)
      throw new OutboundException(
        OutboundErrorCode.NoReachableChannel,
        `customer ${reply.customerId} has no enabled channel this service can reach (reply ${reply.replyId})`,
      );
    const preferred = (await this.preferredChannel(reply.tenantId, reply.customerId)) || (reply.preferredKind ?? '').replace('CHANNEL_KIND_', '');
    const match = preferred && usable.find((u) => u.channel.id === preferred || u.channel.kind.replace('CHANNEL_KIND_', '').toLowerCase() === preferred.toLowerCase());
    // A WhatsApp conversation outside its window needs a template; prefer a channel that can take free text.
    const windowOk = usable.find((u) => u.channel.kind !== String(Kind.CHANNEL_KIND_WHATSAPP) || Date.now() - u.origin.receivedAt.getTime() < 24 * 3600_000 || reply.templateName);
    return match || windowOk || usable[0];
  }

  /** The customer's `preferred_channel` trait (or profile attribute): a channel id or a kind such as "telegram". */
  private async preferredChannel(tenantId: string, customerId: string): Promise<string> {
    try {
      const ctx = await this.identity.getCustomerContext({ ...IdentityV1.GetCustomerContextRequest.fromJSON({}), tenantId, customerId, recentItems: 1 });
      const value = ctx.traits?.find((t) => t.name === 'preferred_channel')?.value || ctx.customer?.attributes?.preferred_channel || '';
      return value.replace(/^CHANNEL_KIND_/i, '');
    } catch (err) {
      this.logger.debug({ err: (err as Error).message, customerId }, 'no preferred channel from identity-graph; using the most recent one');
      return '';
    }
  }
}
