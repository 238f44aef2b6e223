import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CommonV1, Events, IdentityV1, toTimestamp } from '@concierge/contracts';
import { Outbox } from '@concierge/kafka';
import { ChannelEntity } from '../../../channels/persistence/channel.entity';
import { IDENTITY_CLIENT, IdentityClient } from '../../../clients/identity.client';
import { InboundMessageRepository } from '../../persistence/inbound-message.repository';

export interface ReceiveMessageCommand {
  channel: ChannelEntity;
  identifierType: IdentityV1.IdentifierType;
  externalUserId: string;
  externalMessageId: string;
  replyAddress: string;
  text: string;
  displayName: string;
  locale: string;
  sentAt: Date;
  affectHints?: CommonV1.AffectHints;
}

export interface ReceiveMessageResult {
  messageId: string;
  customerId: string;
  duplicate: boolean;
}

/**
 * Normalizes a channel message into one stored message and one message-received event,
 * exactly once per (channel, external message id).
 */
@Injectable()
export class ReceiveMessageUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly messages: InboundMessageRepository,
    private readonly outbox: Outbox,
    @Inject(IDENTITY_CLIENT) private readonly identity: IdentityClient,
  ) {}

  async execute(cmd: ReceiveMessageCommand): Promise<ReceiveMessageResult> {
    const { channel } = cmd;
    if (await this.messages.exists(channel.id, cmd.externalMessageId))
      return { messageId: '', customerId: '', duplicate: true };
    const { customerId } = await this.identity.resolveIdentity({
      tenantId: channel.tenantId,
      type: cmd.identifierType,
      value: cmd.externalUserId,
      hints: [],
      displayName: cmd.displayName,
      locale: cmd.locale,
    });
    const messageId = randomUUID();
    const receivedAt = new Date();
    const stored = await this.dataSource.transaction(async (m) => {
      const inserted = await this.messages.insertOnce(m, {
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
      });
      if (!inserted) return false;
      await this.outbox.add(m, {
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
            attachments: [],
            locale: cmd.locale,
            sentAt: toTimestamp(cmd.sentAt),
            receivedAt: toTimestamp(receivedAt),
            affectHints: cmd.affectHints,
            conversationRef: '',
          },
        },
      });
      return true;
    });
    return stored ? { messageId, customerId, duplicate: false } : { messageId: '', customerId, duplicate: true };
  }
}
