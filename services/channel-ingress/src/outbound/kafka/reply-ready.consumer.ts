import { Injectable, OnModuleInit } from '@nestjs/common';
import { Events } from '@concierge/contracts';
import { IdempotentConsumer } from '@concierge/kafka';
import { DeliverReplyUseCase, fromReplyReady } from '../use-cases/deliver-reply/deliver-reply.use-case';

@Injectable()
export class ReplyReadyConsumer implements OnModuleInit {
  constructor(
    private readonly consumer: IdempotentConsumer,
    private readonly deliver: DeliverReplyUseCase,
  ) {}

  onModuleInit(): void {
    this.consumer.on(Events.replyReady, async (event, m) => {
      await this.deliver.execute(m, fromReplyReady(event.payload));
    });
  }
}
