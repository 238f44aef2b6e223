import { Inject, Injectable, Optional } from '@nestjs/common';
import { SERVICE_CONFIG } from '@concierge/service-kit';
import { requireTenant } from '../../../conversations/domain/dialogue.exception';
import { KnowledgeEmbedder } from '../../domain/knowledge-embedder';
import { expandQuery, POLICY_QUERIES, PolicyTopic, queryWords } from '../../domain/query';
import { KnowledgeRepository, ScoredChunk } from '../../persistence/knowledge.repository';

export { queryWords } from '../../domain/query';

export interface KnowledgeSearchResult {
  /** At or above the threshold, best first. */
  chunks: ScoredChunk[];
  /** False: nothing relevant — say "I don't know" and offer a person rather than invent. */
  found: boolean;
  threshold: number;
  bestScore: number;
}

const DEFAULT_MIN_SCORE = 0.05;

@Injectable()
export class SearchKnowledgeUseCase {
  constructor(
    private readonly knowledge: KnowledgeRepository,
    @Optional() @Inject(SERVICE_CONFIG) private readonly config?: { KNOWLEDGE_MIN_SCORE?: number },
    @Optional() private readonly embedder?: KnowledgeEmbedder,
  ) {}

  get threshold(): number {
    return this.config?.KNOWLEDGE_MIN_SCORE ?? DEFAULT_MIN_SCORE;
  }

  /** Top chunks by full-text relevance, without the threshold (kept for callers that apply their own). */
  async execute(q: { tenantId: string; query: string; limit?: number; language?: string }): Promise<ScoredChunk[]> {
    const limit = Math.min(Math.max(q.limit || 5, 1), 50);
    const tenantId = requireTenant(q.tenantId);
    const own = queryWords(q.query ?? '');
    const lexical = await this.knowledge.search(tenantId, own, limit, normalizeLanguage(q.language), expandQuery(q.query ?? ''));
    if (!this.embedder?.enabled) return lexical;
    return this.embedder.rerank(tenantId, q.query ?? '', lexical, limit);
  }

  /** Search with the relevance threshold applied, so "nothing relevant" is explicit. */
  async search(q: { tenantId: string; query: string; limit?: number; language?: string; minScore?: number }): Promise<KnowledgeSearchResult> {
    const threshold = q.minScore && q.minScore > 0 ? Math.min(q.minScore, 1) : this.threshold;
    const all = await this.execute(q);
    const chunks = all.filter((c) => c.score >= threshold);
    return { chunks, found: chunks.length > 0, threshold, bestScore: all[0]?.score ?? 0 };
  }

  /** The tenant's policy text on returns, delivery or warranty — only from a knowledge document, or nothing. */
  async policy(tenantId: string, topic: PolicyTopic, language = ''): Promise<KnowledgeSearchResult> {
    const lang = normalizeLanguage(language);
    return this.search({ tenantId, query: POLICY_QUERIES[lang as 'en' | 'ru' | ''][topic], limit: 3, language: lang });
  }
}

const normalizeLanguage = (l?: string): string => {
  const v = (l ?? '').toLowerCase();
  return v.startsWith('ru') ? 'ru' : v.startsWith('en') ? 'en' : '';
};
