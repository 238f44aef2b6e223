import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { CommonV1 } from '@concierge/contracts';
import { requireTenant } from '../../domain/tenant';
import { validateChannelId, validateKind, validateSecrets } from '../../domain/channel-rules';
import { ChannelErrorCode, ChannelException } from '../../domain/channel.exception';
import { ChannelRepository } from '../../persistence/channel.repository';

export interface CreateChannelCommand {
  tenantId: string;
  channelId: string;
  kind: CommonV1.ChannelKind;
  name: string;
  settings: Record<string, string>;
  secrets: Record<string, string>;
}

@Injectable()
export class CreateChannelUseCase {
  constructor(private readonly channels: ChannelRepository) {}

  execute(cmd: CreateChannelCommand) {
    const tenantId = requireTenant(cmd.tenantId);
    const kind = validateKind(cmd.kind);
    validateSecrets(kind, cmd.secrets);
    const name = cmd.name?.trim();
    if (!name || name.length > 200) throw new ChannelException(ChannelErrorCode.InvalidName, 'name must be 1-200 characters');
    const id = cmd.channelId ? validateChannelId(cmd.channelId) : `ch-${randomBytes(6).toString('hex')}`;
    return this.channels.insert({ id, tenantId, kind, name, enabled: true, settings: cmd.settings ?? {} }, cmd.secrets ?? {});
  }
}
