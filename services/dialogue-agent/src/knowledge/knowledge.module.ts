import { Module } from '@nestjs/common';
import { KnowledgeGrpcController } from './grpc/knowledge.grpc.controller';
import { KnowledgeEmbedder } from './domain/knowledge-embedder';
import { KnowledgeRepository } from './persistence/knowledge.repository';
import { IngestKnowledgeUseCase } from './use-cases/ingest-knowledge/ingest-knowledge.use-case';
import { SearchKnowledgeUseCase } from './use-cases/search-knowledge/search-knowledge.use-case';

@Module({
  controllers: [KnowledgeGrpcController],
  providers: [KnowledgeRepository, KnowledgeEmbedder, IngestKnowledgeUseCase, SearchKnowledgeUseCase],
  exports: [SearchKnowledgeUseCase],
})
export class KnowledgeModule {}
