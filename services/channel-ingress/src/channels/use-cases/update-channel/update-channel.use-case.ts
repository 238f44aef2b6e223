import { Injectable } from '@nestjs/common';
import { requireTenant } from '../../domain/tenant';
import { ChannelErrorCode, ChannelException } from '../../domain/channel.exception';
import { ChannelRepository } from '../../persistence/channel.repository';

@Injectable()
export class UpdateChannelUseCase {
  constructor(private readonly channels: ChannelRepository) {}

  execute(cmd: { tenantId: string; channelId: string; name: string; settings: Record<string, string>; secrets: Record<string, string> }) {
    const tenantId = requireTenant(cmd.tenantId);
    const name = cmd.name?.trim();
    if (name && name.length > 200) throw new ChannelException(ChannelErrorCode.InvalidName, 'name must be at most 200 characters');
    const hasSettings = cmd.settings && Object.keys(cmd.settings).length > 0;
    const hasSecrets = cmd.secrets && Object.keys(cmd.secrets).length > 0;
    return this.channels.update(
      tenantId,
      cmd.channelId,
      { ...(name ? { name } : {}), ...(hasSettings ? { settings: cmd.settings } : {}) },
      hasSecrets ? cmd.secrets : undefined,
    );
  }
}
