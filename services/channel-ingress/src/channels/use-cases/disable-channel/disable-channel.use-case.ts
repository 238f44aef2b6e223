import { Injectable } from '@nestjs/common';
import { requireTenant } from '../../domain/tenant';
import { ChannelRepository } from '../../persistence/channel.repository';

/** A disabled channel answers its webhooks with an error and sends nothing. */
@Injectable()
export class DisableChannelUseCase {
  constructor(private readonly channels: ChannelRepository) {}

  execute(cmd: { tenantId: string; channelId: string }) {
    return this.channels.update(requireTenant(cmd.tenantId), cmd.channelId, { enabled: false });
  }
}
