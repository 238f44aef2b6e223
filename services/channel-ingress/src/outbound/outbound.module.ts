import { Module } from '@nestjs/common';
import { ChannelsModule } from '../channels/channels.module';
import { identityClientProvider } from '../clients/identity.client';
import { InboundModule } from '../inbound/inbound.module';
import { CustomerMergesConsumer } from '../customers/kafka/customer-merges.consumer';
import { EmailAdapter } from './adapters/email.adapter';
import { MetaAdapter } from './adapters/meta.adapter';
import { PullAdapter } from './adapters/pull.adapter';
import { TelegramAdapter } from './adapters/telegram.adapter';
import { WidgetAdapter } from './adapters/widget.adapter';
import { WidgetStreamHub } from './adapters/widget-stream.hub';
import { SendMessageGrpcController } from './grpc/send-message.grpc.controller';
import { ReplyReadyConsumer } from './kafka/reply-ready.consumer';
import { DeliveryRepository } from './persistence/delivery.repository';
import { DeliverReplyUseCase } from './use-cases/deliver-reply/deliver-reply.use-case';
import { RecordDeliveryStatusUseCase } from './use-cases/record-delivery-status/record-delivery-status.use-case';
import { DeliveryWorker } from './use-cases/send-due-deliveries/delivery.worker';

@Module({
  imports: [ChannelsModule, InboundModule],
  controllers: [SendMessageGrpcController],
  providers: [
    identityClientProvider,
    TelegramAdapter,
    WidgetAdapter,
    WidgetStreamHub,
    MetaAdapter,
    EmailAdapter,
    PullAdapter,
    DeliveryRepository,
    DeliveryWorker,
    DeliverReplyUseCase,
    RecordDeliveryStatusUseCase,
    ReplyReadyConsumer,
    CustomerMergesConsumer,
  ],
  exports: [WidgetStreamHub, DeliveryRepository, RecordDeliveryStatusUseCase, DeliveryWorker],
})
export class OutboundModule {}
