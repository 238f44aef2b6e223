import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { DialogueV1 } from '@concierge/contracts';
import { IngestKnowledgeUseCase } from '../use-cases/ingest-knowledge/ingest-knowledge.use-case';
import { SearchKnowledgeUseCase } from '../use-cases/search-knowledge/search-knowledge.use-case';

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
    const chunks = await this.search.execute(req);
    return { chunks: chunks.map((c) => ({ chunkId: c.id, documentId: c.documentId, title: c.title, text: c.text, score: c.score })) };
  }
}
