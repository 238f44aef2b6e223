import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { KnowledgeChunkEntity } from './knowledge-chunk.entity';
import { KnowledgeDocumentEntity } from './knowledge-document.entity';

export interface ScoredChunk {
  id: string;
  documentId: string;
  title: string;
  text: string;
  score: number;
}

@Injectable()
export class KnowledgeRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores a document and its chunks; a document from the same source is replaced. */
  async replaceDocument(
    doc: Pick<KnowledgeDocumentEntity, 'tenantId' | 'title' | 'format' | 'language' | 'source'>,
    chunks: { title: string; text: string }[],
  ): Promise<string> {
    return this.dataSource.transaction(async (m) => {
      if (doc.source) {
        const old = await m.find(KnowledgeDocumentEntity, { where: { tenantId: doc.tenantId, source: doc.source } });
        for (const o of old) {
          await m.delete(KnowledgeChunkEntity, { documentId: o.id });
          await m.delete(KnowledgeDocumentEntity, { id: o.id });
        }
      }
      const saved = await m.save(KnowledgeDocumentEntity, m.create(KnowledgeDocumentEntity, doc));
      await m.insert(
        KnowledgeChunkEntity,
        chunks.map((c, position) => ({ ...c, position, documentId: saved.id, tenantId: doc.tenantId })),
      );
      return saved.id;
    });
  }

  /** Any-word match ranked by cover density, normalized to 0..1. */
  async search(tenantId: string, words: string[], limit: number): Promise<ScoredChunk[]> {
    if (!words.length) return [];
    const query = words.join(' | ');
    return this.dataSource.query(
      `SELECT id, document_id AS "documentId", title, text, ts_rank_cd(tsv, q, 32) AS score
       FROM knowledge_chunks, (SELECT to_tsquery('english', $2) || to_tsquery('russian', $2) AS q) query
       WHERE tenant_id = $1 AND tsv @@ q
       ORDER BY score DESC, position ASC
       LIMIT $3`,
      [tenantId, query, limit],
    );
  }
}
