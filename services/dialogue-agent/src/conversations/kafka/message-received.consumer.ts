import { Injectable, OnModuleInit } from '@nestjs/common';
import { Events, fromTimestamp } from '@concierge/contracts';
import { IdempotentConsumer, PoisonRecordError } from '@concierge/kafka';
import { HandleCustomerMessageUseCase } from '../use-cases/handle-customer-message/handle-customer-message.use-case';

@Injectable()
export class MessageReceivedConsumer implements OnModuleInit {
  constructor(
    private readonly consumer: IdempotentConsumer,
    private readonly handle: HandleCustomerMessageUseCase,
  ) {}

  onModuleInit(): void {
    this.consumer.on(Events.messageReceived, async (event, manager) => {
      const msg = event.payload.message;
      if (!msg?.customerId || !msg.messageId || (!msg.text?.trim() && !msg.buttonPayload?.trim() && !msg.attachments?.length))
        throw new PoisonRecordError('message-received without message id, customer id, or text and attachments');
      await this.handle.execute(
        {
          tenantId: msg.tenantId,
          customerId: msg.customerId,
          // A pressed button carries the payload the agent put on it (confirm:<quote>, add:<product>, csat:5...).
          text: msg.buttonPayload?.trim() || msg.text,
          channelKind: msg.channelKind,
          channelId: msg.channelId,
          locale: msg.locale,
          inboundMessageId: msg.messageId,
          receivedAt: fromTimestamp(msg.receivedAt) ?? new Date(),
          correlationId: event.attributes.correlationId,
          attachments: msg.attachments ?? [],
          affectHints: msg.affectHints,
        },
        { publishReply: true, manager },
      );
    });
  }
}
