import { ConversationEntity } from './conversations/persistence/conversation.entity';
import { DecisionEntity } from './conversations/persistence/decision.entity';
import { LlmUsageEntity } from './conversations/persistence/llm-usage.entity';
import { TurnEntity } from './conversations/persistence/turn.entity';
import { KnowledgeChunkEntity } from './knowledge/persistence/knowledge-chunk.entity';
import { KnowledgeDocumentEntity } from './knowledge/persistence/knowledge-document.entity';
import { ProactiveMessageEntity } from './proactive/persistence/proactive-message.entity';

export { migrations } from './migrations';
export const entities = [ConversationEntity, TurnEntity, DecisionEntity, LlmUsageEntity, KnowledgeDocumentEntity, KnowledgeChunkEntity, ProactiveMessageEntity];
