import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A retrievable piece of a document, indexed for English and Russian full-text search. */
@Entity({ name: 'knowledge_chunks' })
@Index('knowledge_chunks_tenant', ['tenantId'])
@Index('knowledge_chunks_tsv', { synchronize: false })
export class KnowledgeChunkEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'document_id', type: 'uuid' })
  documentId: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'int' })
  position: number;

  @Column({
    type: 'tsvector',
    select: false,
    insert: false,
    update: false,
    generatedType: 'STORED',
    asExpression: `setweight(to_tsvector('english', title), 'A') || to_tsvector('english', text) || setweight(to_tsvector('russian', title), 'A') || to_tsvector('russian', text)`,
  })
  tsv: string;

  /** Embedding from the OpenAI-compatible endpoint when KNOWLEDGE_EMBEDDINGS is on; null otherwise. */
  @Column({ type: 'real', array: true, nullable: true, select: false })
  embedding: number[] | null;
}
