import { Module } from '@nestjs/common';
import { identityClientProvider } from '../clients/identity.client';
import { ConversationsModule } from '../conversations/conversations.module';
import { parseProactiveEnv, PROACTIVE_CONFIG } from './config/proactive.env';
import { ProactiveEventsConsumer } from './kafka/proactive-events.consumer';
import { ProactiveWriter } from './llm/proactive-writer';
import { ProactiveMessageRepository } from './persistence/proactive-message.repository';
import { DispatchProactiveMessagesUseCase } from './use-cases/dispatch-proactive-messages/dispatch-proactive-messages.use-case';
import { ScheduleProactiveMessageUseCase } from './use-cases/schedule-proactive-message/schedule-proactive-message.use-case';

@Module({
  imports: [ConversationsModule],
  providers: [
    { provide: PROACTIVE_CONFIG, useFactory: () => parseProactiveEnv() },
    identityClientProvider,
    ProactiveMessageRepository,
    ProactiveWriter,
    ScheduleProactiveMessageUseCase,
    DispatchProactiveMessagesUseCase,
    ProactiveEventsConsumer,
  ],
})
export class ProactiveModule {}
