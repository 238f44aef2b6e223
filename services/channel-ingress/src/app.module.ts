import { Module } from '@nestjs/common';
import { ServiceProtos } from '@concierge/contracts';
import { ServiceKitModule } from '@concierge/service-kit';
import { ChannelsModule } from './channels/channels.module';
import { channelIngressEnv } from './config/channel-ingress.env';
import { entities, migrations } from './database';
import { InboundModule } from './inbound/inbound.module';
import { OutboundModule } from './outbound/outbound.module';
import { WidgetModule } from './widget/widget.module';

export const SERVICE = { service: 'channel-ingress', proto: ServiceProtos.ingress } as const;

@Module({
  imports: [
    ServiceKitModule.forRoot({ ...SERVICE, env: channelIngressEnv, entities, migrations }),
    ChannelsModule,
    InboundModule,
    OutboundModule,
    WidgetModule,
  ],
})
export class AppModule {}
