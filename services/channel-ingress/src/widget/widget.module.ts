import { Module } from '@nestjs/common';
import { ChannelsModule } from '../channels/channels.module';
import { InboundModule } from '../inbound/inbound.module';
import { OutboundModule } from '../outbound/outbound.module';
import { WidgetController } from './http/widget.controller';

@Module({
  imports: [ChannelsModule, InboundModule, OutboundModule],
  controllers: [WidgetController],
})
export class WidgetModule {}
