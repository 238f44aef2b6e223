import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * identity.customer-erased: the customer's conversation, turns, decision log and LLM usage are deleted.
 * Called inside the consumer's transaction (the topic's one handler lives in src/proactive).
 */
@Injectable()
export class EraseCustomerConversationsUseCase {
  async execute(m: EntityManager, tenantId: string, customerId: string): Promise<number> {
    const rows: { id: string }[] = await m.query(`SELECT id FROM conversations WHERE tenant_id = $1 AND customer_id = $2`, [tenantId, customerId]);
    for (const { id } of rows) {
      await m.query(`DELETE FROM decisions WHERE conversation_id = $1`, [id]);
      await m.query(`DELETE FROM turns WHERE conversation_id = $1`, [id]);
      await m.query(`DELETE FROM llm_usage WHERE conversation_id = $1`, [id]);
      await m.query(`DELETE FROM conversations WHERE id = $1`, [id]);
    }
    return rows.length;
  }
}
