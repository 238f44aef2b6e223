import { Injectable, Optional } from '@nestjs/common';
import { DialogueV1 } from '@concierge/contracts';
import { DialogueErrorCode, DialogueException, requireTenant, requireText } from '../../../conversations/domain/dialogue.exception';
import { chunkDocument } from '../../domain/chunker';
import { KnowledgeEmbedder } from '../../domain/knowledge-embedder';
import { KnowledgeRepository } from '../../persistence/knowledge.repository';

const MAX_DOCUMENT = 2 * 1024 * 1024;

@Injectable()
export class IngestKnowledgeUseCase {
  constructor(
    private readonly knowledge: KnowledgeRepository,
    @Optional() private readonly embedder?: KnowledgeEmbedder,
  ) {}

  async execute(cmd: DialogueV1.IngestKnowledgeRequest): Promise<{ documentId: string; chunkCount: number }> {
    const tenantId = requireTenant(cmd.tenantId);
    const title = requireText(cmd.title, 'title', 300);
    if (!cmd.content || cmd.content.length > MAX_DOCUMENT)
      throw new DialogueException(DialogueErrorCode.InvalidArgument, `content must be 1 to ${MAX_DOCUMENT} characters`);
    if ((cmd.source ?? '').length > 1000) throw new DialogueException(DialogueErrorCode.InvalidArgument, 'source must be at most 1000 characters');
    const format =
      !cmd.format || cmd.format === DialogueV1.KnowledgeFormat.UNRECOGNIZED || cmd.format === DialogueV1.KnowledgeFormat.KNOWLEDGE_FORMAT_UNSPECIFIED
        ? DialogueV1.KnowledgeFormat.KNOWLEDGE_FORMAT_TEXT
        : cmd.format;
    const chunks = chunkDocument(format, title, cmd.content);
    if (!chunks.length) throw new DialogueException(DialogueErrorCode.EmptyDocument, 'the document has no usable text');
    const embeddings = this.embedder?.enabled ? await this.embedder.embed(chunks.map((c) => `${c.title}\n${c.text}`)) : undefined;
    const documentId = await this.knowledge.replaceDocument(
      { tenantId, title, format, language: cmd.language ?? '', source: cmd.source ?? '' },
      chunks.map((c, i) => ({ ...c, embedding: embeddings?.[i] ?? null })),
    );
    return { documentId, chunkCount: chunks.length };
  }
}
