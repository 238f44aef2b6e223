import { Module } from '@nestjs/common';
import { ChannelsGrpcController } from './grpc/channels.grpc.controller';
import { ChannelRepository } from './persistence/channel.repository';
import { CreateChannelUseCase } from './use-cases/create-channel/create-channel.use-case';
import { DisableChannelUseCase } from './use-cases/disable-channel/disable-channel.use-case';
import { GetChannelUseCase } from './use-cases/get-channel/get-channel.use-case';
import { ListChannelsUseCase } from './use-cases/list-channels/list-channels.use-case';
import { UpdateChannelUseCase } from './use-cases/update-channel/update-channel.use-case';

@Module({
  controllers: [ChannelsGrpcController],
  providers: [
    ChannelRepository,
    CreateChannelUseCase,
    UpdateChannelUseCase,
    DisableChannelUseCase,
    GetChannelUseCase,
    ListChannelsUseCase,
  ],
  exports: [ChannelRepository],
})
export class ChannelsModule {}
