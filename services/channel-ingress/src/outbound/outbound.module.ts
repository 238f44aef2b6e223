import { Module } from '@nestjs/common';
import { ChannelsModule } from '../channels/channels.module';
import { InboundModule } from '../inbound/inbound.module';
import { TelegramAdapter } from './adapters/telegram.adapter';
import { WidgetAdapter } from './adapters/widget.adapter';
import { WidgetStreamHub } from './adapters/widget-stream.hub';
import { ReplyReadyConsumer } from './kafka/reply-ready.consumer';
import { DeliveryRepository } from './persistence/delivery.repository';
import { DeliverReplyUseCase } from './use-cases/deliver-reply/deliver-reply.use-case';

@Module({
  imports: [ChannelsModule, InboundModule],
  providers: [TelegramAdapter, WidgetAdapter, WidgetStreamHub, DeliveryRepository, DeliverReplyUseCase, ReplyReadyConsumer],
  exports: [WidgetStreamHub, DeliveryRepository],
})
export class OutboundModule {}
