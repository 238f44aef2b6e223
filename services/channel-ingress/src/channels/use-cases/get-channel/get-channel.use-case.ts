import { Injectable } from '@nestjs/common';
import { requireTenant } from '../../domain/tenant';
import { ChannelRepository } from '../../persistence/channel.repository';

@Injectable()
export class GetChannelUseCase {
  constructor(private readonly channels: ChannelRepository) {}

  execute(q: { tenantId: string; channelId: string }) {
    return this.channels.get(requireTenant(q.tenantId), q.channelId);
  }
}
