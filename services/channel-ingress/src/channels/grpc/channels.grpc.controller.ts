import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { CommonV1, IngressV1, toTimestamp } from '@concierge/contracts';
import { ChannelEntity } from '../persistence/channel.entity';
import { CreateChannelUseCase } from '../use-cases/create-channel/create-channel.use-case';
import { DisableChannelUseCase } from '../use-cases/disable-channel/disable-channel.use-case';
import { GetChannelUseCase } from '../use-cases/get-channel/get-channel.use-case';
import { ListChannelsUseCase } from '../use-cases/list-channels/list-channels.use-case';
import { UpdateChannelUseCase } from '../use-cases/update-channel/update-channel.use-case';

const toProto = (c: ChannelEntity): IngressV1.Channel => ({
  channelId: c.id,
  tenantId: c.tenantId,
  kind: c.kind as CommonV1.ChannelKind,
  name: c.name,
  enabled: c.enabled,
  settings: c.settings ?? {},
  hasSecret: c.secretsSealed !== '',
  createdAt: toTimestamp(c.createdAt),
});

@Controller()
export class ChannelsGrpcController implements Partial<IngressV1.IngressServiceController> {
  constructor(
    private readonly create: CreateChannelUseCase,
    private readonly update: UpdateChannelUseCase,
    private readonly disable: DisableChannelUseCase,
    private readonly get: GetChannelUseCase,
    private readonly list: ListChannelsUseCase,
  ) {}

  @GrpcMethod('IngressService')
  async createChannel(req: IngressV1.CreateChannelRequest): Promise<IngressV1.CreateChannelResponse> {
    return { channel: toProto(await this.create.execute(req)) };
  }

  @GrpcMethod('IngressService')
  async updateChannel(req: IngressV1.UpdateChannelRequest): Promise<IngressV1.UpdateChannelResponse> {
    return { channel: toProto(await this.update.execute(req)) };
  }

  @GrpcMethod('IngressService')
  async disableChannel(req: IngressV1.DisableChannelRequest): Promise<IngressV1.DisableChannelResponse> {
    return { channel: toProto(await this.disable.execute(req)) };
  }

  @GrpcMethod('IngressService')
  async getChannel(req: IngressV1.GetChannelRequest): Promise<IngressV1.GetChannelResponse> {
    return { channel: toProto(await this.get.execute(req)) };
  }

  @GrpcMethod('IngressService')
  async listChannels(req: IngressV1.ListChannelsRequest): Promise<IngressV1.ListChannelsResponse> {
    const page = await this.list.execute({ tenantId: req.tenantId, pageSize: req.page?.pageSize ?? 0, pageToken: req.page?.pageToken ?? '' });
    return { channels: page.channels.map(toProto), page: { nextPageToken: page.nextPageToken } };
  }
}
