import { Module } from '@nestjs/common';
import { ChannelsModule } from '../channels/channels.module';
import { identityClientProvider } from '../clients/identity.client';
import { InboundGate } from './http/inbound-gate';
import { TelegramWebhookController } from './http/telegram-webhook.controller';
import { InboundMessageRepository } from './persistence/inbound-message.repository';
import { PendingIdentityRepository } from './persistence/pending-identity.repository';
import { IdentityResolution } from './use-cases/resolve-pending/identity-resolution';
import { ReceiveMessageUseCase } from './use-cases/receive-message/receive-message.use-case';

@Module({
  imports: [ChannelsModule],
  controllers: [TelegramWebhookController],
  providers: [identityClientProvider, InboundMessageRepository, PendingIdentityRepository, IdentityResolution, ReceiveMessageUseCase, InboundGate],
  exports: [InboundMessageRepository, IdentityResolution, ReceiveMessageUseCase, InboundGate, identityClientProvider],
})
export class InboundModule {}
