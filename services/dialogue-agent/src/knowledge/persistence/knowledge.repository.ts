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
  source: string;
  format: string;
}

/** Golden transcripts show how to sell, they are not policy: a fact document wins a tie against them. */
const TRANSCRIPT_WEIGHT = 0.7;
const CONFIGS: Record<string, string[]> = { en: ['english'], ru: ['russian'], '': ['english', 'russian'] };

@Injectable()
export class KnowledgeRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores a document and its chunks; a document from the same source is replaced. */
  async replaceDocument(
    doc: Pick<KnowledgeDocumentEntity, 'tenantId' | 'title' | 'format' | 'language' | 'source'>,
    chunks: { title: string; text: string; embedding?: number[] | null }[],
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
      for (let i = 0; i < chunks.length; i += 500)
        await m.insert(
          KnowledgeChunkEntity,
          chunks.slice(i, i + 500).map((c, j) => ({ title: c.title, text: c.text, embedding: c.embedding ?? null, position: i + j, documentId: saved.id, tenantId: doc.tenantId })),
        );
      return saved.id;
    });
  }

  /**
   * Any-word match in the chunk's English and/or Russian index, ranked by cover density normalised to
   * 0..1 (rank / (rank + 1)). `expansions` (synonyms) widen the match but count 0.8× of the customer's
   * own words, so "refund" prefers the refunds section over the returns one. The caller applies the threshold.
   * Golden transcripts count 0.7×.
   */
  async search(tenantId: string, words: string[], limit: number, language = '', expansions: string[] = []): Promise<ScoredChunk[]> {
    if (!words.length) return [];
    const configs = CONFIGS[language] ?? CONFIGS[''];
    const tsq = (param: string) => configs.map((c) => `to_tsquery('${c}', ${param})`).join(' || ');
    const all = [...new Set([...words, ...expansions])];
    return this.dataSource.query(
      `SELECT c.id, c.document_id AS "documentId", c.title, c.text,
              (GREATEST(ts_rank_cd(c.tsv, q.own, 32), 0.8 * ts_rank_cd(c.tsv, q.wide, 32))
                * CASE WHEN d.format = 'KNOWLEDGE_FORMAT_TRANSCRIPT' THEN ${TRANSCRIPT_WEIGHT} ELSE 1 END)::float8 AS score,
              d.source, d.format
       FROM knowledge_chunks c JOIN knowledge_documents d ON d.id = c.document_id,
            (SELECT ${tsq('$2')} AS own, ${tsq('$4')} AS wide) q
       WHERE c.tenant_id = $1 AND c.tsv @@ q.wide
       ORDER BY score DESC, c.position ASC
       LIMIT $3`,
      [tenantId, words.join(' | '), limit, all.join(' | ')],
    );
  }

  /** Chunks with embeddings of a tenant (bounded), for the optional semantic re-ranking. */
  async embedded(tenantId: string, max: number): Promise<Array<Omit<ScoredChunk, 'score'> & { embedding: number[] }>> {
    return this.dataSource.query(
      `SELECT c.id, c.document_id AS "documentId", c.title, c.text, c.embedding, d.source, d.format
       FROM knowledge_chunks c JOIN knowledge_documents d ON d.id = c.document_id
       WHERE c.tenant_id = $1 AND c.embedding IS NOT NULL
       ORDER BY c.document_id, c.position LIMIT $2`,
      [tenantId, max],
    );
  }

  async countChunks(tenantId: string): Promise<number> {
    return this.dataSource.getRepository(KnowledgeChunkEntity).count({ where: { tenantId } });
  }
}
