import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { ChannelsModule } from '../channels/channels.module';
import { WebhookBodyLimitMiddleware } from '../inbound/http/inbound-gate';
import { InboundModule } from '../inbound/inbound.module';
import { OutboundModule } from '../outbound/outbound.module';
import { ApiChannelController } from './http/api-channel.controller';
import { AttachmentsController } from './http/attachments.controller';
import { EmailWebhookController } from './http/email-webhook.controller';
import { MetaWebhookController } from './http/meta-webhook.controller';
import { VoiceWebhookController } from './http/voice-webhook.controller';

@Module({
  imports: [ChannelsModule, InboundModule, OutboundModule],
  controllers: [MetaWebhookController, EmailWebhookController, VoiceWebhookController, ApiChannelController, AttachmentsController],
})
export class WebhooksModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    for (const path of ['v1/webhooks/telegram/:channelId', 'v1/webhooks/whatsapp/:channelId', 'v1/webhooks/messenger/:channelId', 'v1/webhooks/instagram/:channelId', 'v1/webhooks/voice/:channelId'])
      consumer.apply(WebhookBodyLimitMiddleware).forRoutes({ path, method: RequestMethod.POST });
  }
}
