import { Module } from '@nestjs/common';
import { agentEngineProvider, agentPortsProvider, checkoutClientProvider, llmAgentProvider, predictionClientProvider } from '../clients/agent-ports.provider';
import { identityClientProvider } from '../clients/identity.client';
import { KnowledgeModule } from '../knowledge/knowledge.module';
import { DialogueGrpcController } from './grpc/dialogue.grpc.controller';
import { MessageReceivedConsumer } from './kafka/message-received.consumer';
import { ConversationRepository } from './persistence/conversation.repository';
import { CloseInactiveConversationsUseCase } from './use-cases/close-inactive-conversations/close-inactive-conversations.use-case';
import { GetLlmUsageUseCase } from './use-cases/get-llm-usage/get-llm-usage.use-case';
import { EraseCustomerConversationsUseCase } from './use-cases/erase-customer-conversations/erase-customer-conversations.use-case';
import { GetConversationUseCase } from './use-cases/get-conversation/get-conversation.use-case';
import { GetDecisionLogUseCase } from './use-cases/get-decision-log/get-decision-log.use-case';
import { HandleCustomerMessageUseCase } from './use-cases/handle-customer-message/handle-customer-message.use-case';
import { ListConversationsUseCase } from './use-cases/list-conversations/list-conversations.use-case';
import { OperatorReplyUseCase } from './use-cases/operator-reply/operator-reply.use-case';
import { ReleaseConversationUseCase } from './use-cases/release-conversation/release-conversation.use-case';
import { RequestHandoffUseCase } from './use-cases/request-handoff/request-handoff.use-case';

@Module({
  imports: [KnowledgeModule],
  controllers: [DialogueGrpcController],
  providers: [
    identityClientProvider,
    checkoutClientProvider,
    predictionClientProvider,
    agentPortsProvider,
    llmAgentProvider,
    agentEngineProvider,
    CloseInactiveConversationsUseCase,
    GetLlmUsageUseCase,
    EraseCustomerConversationsUseCase,
    ConversationRepository,
    HandleCustomerMessageUseCase,
    GetConversationUseCase,
    ListConversationsUseCase,
    RequestHandoffUseCase,
    OperatorReplyUseCase,
    ReleaseConversationUseCase,
    GetDecisionLogUseCase,
    MessageReceivedConsumer,
  ],
  exports: [EraseCustomerConversationsUseCase],
})
export class ConversationsModule {}
