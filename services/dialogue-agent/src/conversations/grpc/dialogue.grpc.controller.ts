import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { DialogueV1 } from '@concierge/contracts';
import { CloseInactiveConversationsUseCase } from '../use-cases/close-inactive-conversations/close-inactive-conversations.use-case';
import { GetLlmUsageUseCase } from '../use-cases/get-llm-usage/get-llm-usage.use-case';
import { GetConversationUseCase } from '../use-cases/get-conversation/get-conversation.use-case';
import { GetDecisionLogUseCase } from '../use-cases/get-decision-log/get-decision-log.use-case';
import { HandleCustomerMessageUseCase } from '../use-cases/handle-customer-message/handle-customer-message.use-case';
import { ListConversationsUseCase } from '../use-cases/list-conversations/list-conversations.use-case';
import { OperatorReplyUseCase } from '../use-cases/operator-reply/operator-reply.use-case';
import { ReleaseConversationUseCase } from '../use-cases/release-conversation/release-conversation.use-case';
import { RequestHandoffUseCase } from '../use-cases/request-handoff/request-handoff.use-case';
import { toConversationProto, toDecisionProto, toTurnProto } from './conversation.mapper';

@Controller()
export class DialogueGrpcController {
  constructor(
    private readonly handle: HandleCustomerMessageUseCase,
    private readonly getConversationUseCase: GetConversationUseCase,
    private readonly listConversationsUseCase: ListConversationsUseCase,
    private readonly requestHandoffUseCase: RequestHandoffUseCase,
    private readonly operatorReplyUseCase: OperatorReplyUseCase,
    private readonly releaseUseCase: ReleaseConversationUseCase,
    private readonly decisionLog: GetDecisionLogUseCase,
    private readonly closeInactive: CloseInactiveConversationsUseCase,
    private readonly llmUsage: GetLlmUsageUseCase,
  ) {}

  @GrpcMethod('DialogueService')
  async converse(req: DialogueV1.ConverseRequest): Promise<DialogueV1.ConverseResponse> {
    const result = await this.handle.execute(
      {
        tenantId: req.tenantId,
        customerId: req.customerId,
        text: req.text,
        channelKind: req.channelKind,
        channelId: '',
        locale: req.locale,
        inboundMessageId: '',
        receivedAt: new Date(),
        attachments: req.attachments ?? [],
        affectHints: req.affectHints,
      },
      { publishReply: false },
    );
    const reply = result.reply;
    const decision = reply ? (await this.decisionLog.execute({ tenantId: req.tenantId, conversationId: result.conversation.id })).find((d) => d.turnId === reply.turnId) : undefined;
    return {
      conversationId: result.conversation.id,
      replyText: reply?.text ?? '',
      quickReplies: reply?.quickReplies ?? [],
      decision: decision ? toDecisionProto(decision) : undefined,
      mode: result.conversation.mode as DialogueV1.ConversationMode,
    };
  }

  @GrpcMethod('DialogueService')
  async getConversation(req: DialogueV1.GetConversationRequest): Promise<DialogueV1.GetConversationResponse> {
    const { conversation, turns } = await this.getConversationUseCase.execute(req);
    return { conversation: toConversationProto(conversation, turns) };
  }

  @GrpcMethod('DialogueService')
  async listConversations(req: DialogueV1.ListConversationsRequest): Promise<DialogueV1.ListConversationsResponse> {
    const page = await this.listConversationsUseCase.execute({
      tenantId: req.tenantId,
      mode: req.mode,
      pageSize: req.page?.pageSize ?? 0,
      pageToken: req.page?.pageToken ?? '',
    });
    return { conversations: page.conversations.map((c) => toConversationProto(c)), page: { nextPageToken: page.nextPageToken } };
  }

  @GrpcMethod('DialogueService')
  async requestHandoff(req: DialogueV1.RequestHandoffRequest): Promise<DialogueV1.RequestHandoffResponse> {
    return { conversation: toConversationProto(await this.requestHandoffUseCase.execute(req)) };
  }

  @GrpcMethod('DialogueService')
  async operatorReply(req: DialogueV1.OperatorReplyRequest): Promise<DialogueV1.OperatorReplyResponse> {
    return { turn: toTurnProto(await this.operatorReplyUseCase.execute(req)) };
  }

  @GrpcMethod('DialogueService')
  async releaseConversation(req: DialogueV1.ReleaseConversationRequest): Promise<DialogueV1.ReleaseConversationResponse> {
    return { conversation: toConversationProto(await this.releaseUseCase.execute(req)) };
  }

  @GrpcMethod('DialogueService')
  async closeInactiveConversations(req: DialogueV1.CloseInactiveConversationsRequest): Promise<DialogueV1.CloseInactiveConversationsResponse> {
    return { closed: await this.closeInactive.execute({ tenantId: req.tenantId, idleSeconds: req.idleSeconds }) };
  }

  @GrpcMethod('DialogueService')
  async getLlmUsage(req: DialogueV1.GetLlmUsageRequest): Promise<DialogueV1.GetLlmUsageResponse> {
    return this.llmUsage.execute(req);
  }

  @GrpcMethod('DialogueService')
  async getDecisionLog(req: DialogueV1.GetDecisionLogRequest): Promise<DialogueV1.GetDecisionLogResponse> {
    return { decisions: (await this.decisionLog.execute(req)).map(toDecisionProto) };
  }
}
