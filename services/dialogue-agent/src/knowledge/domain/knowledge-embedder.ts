import { Injectable, Logger } from '@nestjs/common';
import OpenAI from 'openai';
import { z } from 'zod';
import { KnowledgeRepository, ScoredChunk } from '../persistence/knowledge.repository';

const embeddingEnv = z.object({
  // Empty = no embeddings (Postgres full-text search only).
  KNOWLEDGE_EMBEDDING_MODEL: z.string().trim().default(''),
  OPENAI_API_KEY: z.string().trim().default(''),
  OPENAI_BASE_URL: z.string().trim().default(''),
  KNOWLEDGE_EMBEDDING_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
});

const cosine = (a: number[], b: number[]): number => {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
};

/**
 * Optional semantic layer over full-text search: chunk embeddings from the OpenAI-compatible endpoint at
 * ingest, and a re-ranking that can surface a paraphrase full-text search missed. Off unless
 * KNOWLEDGE_EMBEDDING_MODEL and OPENAI_API_KEY are set; any endpoint failure falls back to full-text only.
 */
@Injectable()
export class KnowledgeEmbedder {
  private readonly logger = new Logger('KnowledgeEmbedder');
  private readonly client: OpenAI | undefined;
  private readonly model: string;

  constructor(private readonly knowledge: KnowledgeRepository) {
    const env = embeddingEnv.parse(process.env);
    this.model = env.KNOWLEDGE_EMBEDDING_MODEL;
    if (this.model && env.OPENAI_API_KEY)
      this.client = new OpenAI({ apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL || undefined, timeout: env.KNOWLEDGE_EMBEDDING_TIMEOUT_MS, maxRetries: 1 });
  }

  get enabled(): boolean {
    return this.client !== undefined;
  }

  /** Embeddings for texts (batches of 64), or undefined when off or the endpoint fails. */
  async embed(texts: string[]): Promise<number[][] | undefined> {
    if (!this.client || !texts.length) return undefined;
    try {
      const out: number[][] = [];
      for (let i = 0; i < texts.length; i += 64) {
        const res = await this.client.embeddings.create({ model: this.model, input: texts.slice(i, i + 64).map((t) => t.slice(0, 8000)) });
        out.push(...[...res.data].sort((a, b) => a.index - b.index).map((d) => d.embedding));
      }
      return out.length === texts.length ? out : undefined;
    } catch (err) {
      this.logger.warn(`embeddings unavailable, full-text only: ${(err as Error).message}`);
      return undefined;
    }
  }

  /** Blends semantic similarity into the full-text ranking: score = max(full-text, 0.8 × rescaled cosine). */
  async rerank(tenantId: string, query: string, lexical: ScoredChunk[], limit: number): Promise<ScoredChunk[]> {
    const [q] = (await this.embed([query])) ?? [];
    if (!q) return lexical;
    const byId = new Map(lexical.map((c) => [c.id, { ...c }]));
    for (const c of await this.knowledge.embedded(tenantId, 5000)) {
      const semantic = Math.max(0, Math.min(1, (cosine(q, c.embedding) - 0.3) / 0.5)) * 0.8;
      const existing = byId.get(c.id);
      if (existing) existing.score = Math.max(existing.score, semantic);
      else if (semantic > 0) byId.set(c.id, { id: c.id, documentId: c.documentId, title: c.title, text: c.text, source: c.source, format: c.format, score: semantic });
    }
    return [...byId.values()].sort((a, b) => b.score - a.score).slice(0, limit);
  }
}
