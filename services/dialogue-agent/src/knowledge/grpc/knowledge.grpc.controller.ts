import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { DialogueV1 } from '@concierge/contracts';
import { IngestKnowledgeUseCase } from '../use-cases/ingest-knowledge/ingest-knowledge.use-case';
import { SearchKnowledgeUseCase } from '../use-cases/search-knowledge/search-knowledge.use-case';

const FORMATS = new Set<string>(Object.values(DialogueV1.KnowledgeFormat));

@Controller()
export class KnowledgeGrpcController {
  constructor(
    private readonly ingest: IngestKnowledgeUseCase,
    private readonly search: SearchKnowledgeUseCase,
  ) {}

  @GrpcMethod('DialogueService')
  ingestKnowledge(req: DialogueV1.IngestKnowledgeRequest): Promise<DialogueV1.IngestKnowledgeResponse> {
    return this.ingest.execute(req);
  }

  @GrpcMethod('DialogueService')
  async searchKnowledge(req: DialogueV1.SearchKnowledgeRequest): Promise<DialogueV1.SearchKnowledgeResponse> {
    const r = await this.search.search({ tenantId: req.tenantId, query: req.query, limit: req.limit, language: req.language, minScore: req.minScore });
    return {
      chunks: r.chunks.map((c) => ({
        chunkId: c.id, documentId: c.documentId, title: c.title, text: c.text, score: c.score, source: c.source ?? '',
        format: FORMATS.has(c.format) ? (c.format as DialogueV1.KnowledgeFormat) : DialogueV1.KnowledgeFormat.KNOWLEDGE_FORMAT_UNSPECIFIED,
      })),
      found: r.found,
      threshold: r.threshold,
      bestScore: r.bestScore,
    };
  }
}
