import { Module } from '@nestjs/common';
import { ServiceProtos } from '@concierge/contracts';
import { ServiceKitModule } from '@concierge/service-kit';
import { ChannelsModule } from './channels/channels.module';
import { channelIngressEnv } from './config/channel-ingress.env';
import { entities, migrations } from './database';
import { InboundModule } from './inbound/inbound.module';
import { OutboundModule } from './outbound/outbound.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { WidgetModule } from './widget/widget.module';

// Email with attachments and widget uploads need room; JSON webhooks get WEBHOOK_MAX_BODY_BYTES (1 MiB).
export const SERVICE = { service: 'channel-ingress', proto: ServiceProtos.ingress, bodyLimitBytes: 25 * 1024 * 1024 } as const;

@Module({
  imports: [
    ServiceKitModule.forRoot({ ...SERVICE, env: channelIngressEnv, entities, migrations }),
    ChannelsModule,
    InboundModule,
    OutboundModule,
    WidgetModule,
    WebhooksModule,
  ],
})
export class AppModule {}
