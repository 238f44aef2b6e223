import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

const ATTRIBUTION_MS = 7 * 24 * 3_600_000;
const CSAT_PAYLOAD = /^\s*csat\s*[:=]\s*([1-5])\s*$/i;
const CSAT_TAP = /^\s*([1-5])\s*(?:\/\s*5|⭐|★)?\s*$/;

export interface TurnOutcome {
  tenantId: string;
  conversationId: string;
  pseudonym: string;
  channelKind: string;
  receivedAt: Date;
  repliedAt?: Date;
  replied: boolean;
  handledByHuman: boolean;
  sentiment: number;
  /** dialogue-agent's explicit resolution of the conversation, when the turn carries one. */
  resolved?: { byHuman: boolean };
  csat?: number;
}

/** Timings and outcomes per conversation, outreach and orders: what FRT, automation, CSAT and conversion are computed from. */
@Injectable()
export class RecordOutcomeUseCase {
  async turn(m: EntityManager, t: TurnOutcome): Promise<void> {
    await m.query(
      `INSERT INTO conversation_stats (tenant_id, conversation_id, pseudonymous_customer_id, channel_kind, started_at, first_reply_at, human_involved, sentiment_sum, turns)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1)
       ON CONFLICT (tenant_id, conversation_id) DO UPDATE SET
         started_at = LEAST(conversation_stats.started_at, EXCLUDED.started_at),
         first_reply_at = LEAST(conversation_stats.first_reply_at, EXCLUDED.first_reply_at),
         human_involved = conversation_stats.human_involved OR EXCLUDED.human_involved,
         channel_kind = CASE WHEN conversation_stats.channel_kind = 'CHANNEL_KIND_UNSPECIFIED' THEN EXCLUDED.channel_kind ELSE conversation_stats.channel_kind END,
         pseudonymous_customer_id = EXCLUDED.pseudonymous_customer_id,
         sentiment_sum = conversation_stats.sentiment_sum + EXCLUDED.sentiment_sum,
         turns = conversation_stats.turns + 1`,
      [t.tenantId, t.conversationId, t.pseudonym, t.channelKind, t.receivedAt, t.replied ? (t.repliedAt ?? t.receivedAt) : null, t.handledByHuman, t.sentiment],
    );
    if (t.resolved) await this.resolve(m, t.tenantId, t.conversationId, t.repliedAt ?? t.receivedAt, t.resolved.byHuman);
    if (t.csat) await this.csat(m, t.tenantId, t.conversationId, t.csat);
  }

  async handoff(m: EntityManager, tenantId: string, conversationId: string, pseudonym: string, at: Date): Promise<void> {
    await m.query(
      `INSERT INTO conversation_stats (tenant_id, conversation_id, pseudonymous_customer_id, started_at, handed_off, human_involved)
       VALUES ($1, $2, $3, $4, true, true)
       ON CONFLICT (tenant_id, conversation_id) DO UPDATE SET handed_off = true, human_involved = true`,
      [tenantId, conversationId, pseudonym, at],
    );
  }

  /** Resolved by the assistant unless a human took part; the first resolution counts. */
  async resolve(m: EntityManager, tenantId: string, conversationId: string, at: Date, byHuman: boolean): Promise<void> {
    await m.query(
      `UPDATE conversation_stats SET resolved_at = $3, resolved_by = CASE WHEN human_involved OR $4 THEN 'human' ELSE 'ai' END
       WHERE tenant_id = $1 AND conversation_id = $2 AND resolved_at IS NULL`,
      [tenantId, conversationId, at, byHuman],
    );
  }

  async csat(m: EntityManager, tenantId: string, conversationId: string, score: number): Promise<void> {
    await m.query(`UPDATE conversation_stats SET csat = $3 WHERE tenant_id = $1 AND conversation_id = $2`, [tenantId, conversationId, score]);
  }

  /**
   * A reply carrying the one-tap survey (purpose csat_survey, quick replies "csat:1".."csat:5"):
   * the customer's next tap is that conversation's score (when the agent's turn does not carry csat_score itself).
   */
  async surveySent(m: EntityManager, tenantId: string, conversationId: string, pseudonym: string, at: Date): Promise<void> {
    await m.query(
      `INSERT INTO customer_activity (tenant_id, pseudonymous_customer_id, first_seen_at, survey_conversation_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id, pseudonymous_customer_id) DO UPDATE SET survey_conversation_id = EXCLUDED.survey_conversation_id`,
      [tenantId, pseudonym, at, conversationId],
    );
  }

  /** True when the message was a survey answer (then it is not a conversation message to classify). */
  async surveyAnswer(m: EntityManager, tenantId: string, pseudonym: string, text: string): Promise<boolean> {
    const payload = CSAT_PAYLOAD.exec(text);
    const tap = payload ?? CSAT_TAP.exec(text);
    if (!tap) return false;
    const [row]: { survey_conversation_id: string | null }[] = await m.query(
      `SELECT survey_conversation_id FROM customer_activity WHERE tenant_id = $1 AND pseudonymous_customer_id = $2`,
      [tenantId, pseudonym],
    );
    if (!row?.survey_conversation_id) return !!payload;
    await this.csat(m, tenantId, row.survey_conversation_id, Number(tap[1]));
    await m.query(`UPDATE customer_activity SET survey_conversation_id = NULL WHERE tenant_id = $1 AND pseudonymous_customer_id = $2`, [tenantId, pseudonym]);
    return true;
  }

  async outreach(m: EntityManager, eventId: string, tenantId: string, pseudonym: string, at: Date, kind: 'outreach' | 'proactive_reply', channelKind = 'CHANNEL_KIND_UNSPECIFIED'): Promise<void> {
    await m.query(
      `INSERT INTO commerce_events (event_id, tenant_id, kind, pseudonymous_customer_id, channel_kind, occurred_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [eventId, tenantId, kind, pseudonym, channelKind, at],
    );
    await m.query(
      `INSERT INTO customer_activity (tenant_id, pseudonymous_customer_id, first_seen_at, last_outreach_at) VALUES ($1, $2, $3, $3)
       ON CONFLICT (tenant_id, pseudonymous_customer_id) DO UPDATE SET last_outreach_at = GREATEST(customer_activity.last_outreach_at, EXCLUDED.last_outreach_at)`,
      [tenantId, pseudonym, at],
    );
  }

  /** An order counts as revenue through chat when the customer chatted in the 7 days before, and as converted outreach after an outreach in those days. */
  async order(m: EntityManager, o: { orderId: string; tenantId: string; pseudonym: string; at: Date; amountMinor: string; currency: string; lines: { productId: string; name: string }[] }): Promise<void> {
    const [a]: { last_chat_at: Date | null; last_outreach_at: Date | null }[] = await m.query(
      `SELECT last_chat_at, last_outreach_at FROM customer_activity WHERE tenant_id = $1 AND pseudonymous_customer_id = $2`,
      [o.tenantId, o.pseudonym],
    );
    const within = (d: Date | null | undefined) => !!d && o.at.getTime() - new Date(d).getTime() <= ATTRIBUTION_MS && o.at.getTime() >= new Date(d).getTime() - 60_000;
    const [conv]: { channel_kind: string }[] = await m.query(
      `SELECT channel_kind FROM conversation_stats WHERE tenant_id = $1 AND pseudonymous_customer_id = $2 ORDER BY started_at DESC LIMIT 1`,
      [o.tenantId, o.pseudonym],
    );
    await m.query(
      `INSERT INTO commerce_events (event_id, tenant_id, kind, pseudonymous_customer_id, channel_kind, occurred_at, amount_minor, currency, via_chat, after_outreach)
       VALUES ($1, $2, 'order', $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
      [o.orderId, o.tenantId, o.pseudonym, conv?.channel_kind ?? 'CHANNEL_KIND_UNSPECIFIED', o.at, o.amountMinor, o.currency, within(a?.last_chat_at), within(a?.last_outreach_at)],
    );
    for (const l of o.lines.filter((x) => x.productId && x.name)) {
      await m.query(`INSERT INTO known_products (tenant_id, product_id, name) VALUES ($1, $2, $3) ON CONFLICT (tenant_id, product_id) DO UPDATE SET name = EXCLUDED.name`, [o.tenantId, l.productId, l.name]);
    }
  }

  /** Erasure: quotes go, the pseudonym is cut from every row; anonymous counts stay. */
  async erase(m: EntityManager, tenantId: string, pseudonym: string): Promise<void> {
    await m.query(`UPDATE conversation_facts SET quote = NULL, pseudonymous_customer_id = 'erased' WHERE tenant_id = $1 AND pseudonymous_customer_id = $2`, [tenantId, pseudonym]);
    await m.query(`UPDATE conversation_stats SET pseudonymous_customer_id = 'erased' WHERE tenant_id = $1 AND pseudonymous_customer_id = $2`, [tenantId, pseudonym]);
    await m.query(`UPDATE commerce_events SET pseudonymous_customer_id = 'erased' WHERE tenant_id = $1 AND pseudonymous_customer_id = $2`, [tenantId, pseudonym]);
    await m.query(`DELETE FROM customer_activity WHERE tenant_id = $1 AND pseudonymous_customer_id = $2`, [tenantId, pseudonym]);
  }
}
