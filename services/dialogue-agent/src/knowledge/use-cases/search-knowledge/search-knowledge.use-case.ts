import { Injectable } from '@nestjs/common';
import { requireTenant } from '../../../conversations/domain/dialogue.exception';
import { KnowledgeRepository, ScoredChunk } from '../../persistence/knowledge.repository';

/** Words safe to put in a tsquery: letters and digits only. */
export function queryWords(text: string): string[] {
  return [...new Set((text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length > 1))].slice(0, 32);
}

@Injectable()
export class SearchKnowledgeUseCase {
  constructor(private readonly knowledge: KnowledgeRepository) {}

  execute(q: { tenantId: string; query: string; limit?: number }): Promise<ScoredChunk[]> {
    const limit = Math.min(Math.max(q.limit || 5, 1), 50);
    return this.knowledge.search(requireTenant(q.tenantId), queryWords(q.query ?? ''), limit);
  }
}
