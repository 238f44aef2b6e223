import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface Window {
  from: Date;
  to: Date;
}

export interface Counted {
  name: string;
  count: number;
  previous: number;
}

export interface Outcomes {
  conversations: number;
  frtSeconds: number;
  resolutionSeconds: number;
  resolved: number;
  automated: number;
  handedOff: number;
  csat: number;
  csatResponses: number;
}

const COLUMN = { topic: 'topics', barrier: 'barriers', phrase: 'key_phrases', product: 'products', subject: 'subjects' } as const;
export type CountKind = keyof typeof COLUMN;

/** Read side of the dashboard, the meaning cloud and the metric series; every query is per tenant and time window. */
@Injectable()
export class InsightsQueriesRepository {
  constructor(private readonly db: DataSource) {}

  /** Counts in the window and in the window of the same length before it (for the trend). */
  async counts(tenantId: string, kind: CountKind, w: Window, f: { channelKind?: string; segment?: string; product?: string } = {}, limit = 20, offset = 0): Promise<Counted[]> {
    const span = w.to.getTime() - w.from.getTime();
    const rows: { name: string; count: string; previous: string }[] = await this.db.query(
      `SELECT v AS name, count(*) FILTER (WHERE occurred_at >= $2) AS count, count(*) FILTER (WHERE occurred_at < $2) AS previous
       FROM conversation_facts, unnest(${COLUMN[kind]}) AS v
       WHERE tenant_id = $1 AND occurred_at >= $4 AND occurred_at < $3
         AND ($5::text IS NULL OR channel_kind = $5) AND ($6::text IS NULL OR segment = $6) AND ($7::text IS NULL OR products @> ARRAY[$7]::text[])
       GROUP BY v HAVING count(*) FILTER (WHERE occurred_at >= $2) > 0
       ORDER BY 2 DESC, 1 LIMIT $8 OFFSET $9`,
      [tenantId, w.from, w.to, new Date(w.from.getTime() - span), f.channelKind && f.channelKind !== 'CHANNEL_KIND_UNSPECIFIED' ? f.channelKind : null, f.segment || null, f.product || null, limit, offset],
    );
    return rows.map((r) => ({ name: r.name, count: Number(r.count), previous: Number(r.previous) }));
  }

  async factSummary(tenantId: string, w: Window, channelKind?: string) {
    const [row]: { facts: string; sentiment: string | null }[] = await this.db.query(
      `SELECT count(*) AS facts, avg(sentiment) AS sentiment FROM conversation_facts
       WHERE tenant_id = $1 AND occurred_at >= $2 AND occurred_at < $3 AND ($4::text IS NULL OR channel_kind = $4)`,
      [tenantId, w.from, w.to, channelKind && channelKind !== 'CHANNEL_KIND_UNSPECIFIED' ? channelKind : null],
    );
    const styles: { name: string; count: string }[] = await this.db.query(
      `SELECT decision_style AS name, count(*) AS count FROM conversation_facts
       WHERE tenant_id = $1 AND occurred_at >= $2 AND occurred_at < $3 AND decision_style <> '' AND ($4::text IS NULL OR channel_kind = $4)
       GROUP BY 1 ORDER BY 2 DESC`,
      [tenantId, w.from, w.to, channelKind && channelKind !== 'CHANNEL_KIND_UNSPECIFIED' ? channelKind : null],
    );
    return { facts: Number(row.facts), sentiment: Number(row.sentiment ?? 0), styles: styles.map((s) => ({ name: s.name, count: Number(s.count) })) };
  }

  /** Conversations started in the window, with their timings and outcomes. */
  async outcomes(tenantId: string, w: Window, channelKind?: string): Promise<Outcomes> {
    const [r]: Record<string, string | null>[] = await this.db.query(
      `SELECT count(*) AS conversations,
              avg(extract(epoch FROM first_reply_at - started_at)) FILTER (WHERE first_reply_at IS NOT NULL) AS frt,
              avg(extract(epoch FROM resolved_at - started_at)) FILTER (WHERE resolved_at IS NOT NULL) AS ttr,
              count(*) FILTER (WHERE resolved_at IS NOT NULL) AS resolved,
              count(*) FILTER (WHERE resolved_by = 'ai') AS automated,
              count(*) FILTER (WHERE handed_off) AS handed_off,
              avg(csat) AS csat, count(csat) AS csat_responses
       FROM conversation_stats WHERE tenant_id = $1 AND started_at >= $2 AND started_at < $3 AND ($4::text IS NULL OR channel_kind = $4)`,
      [tenantId, w.from, w.to, channelKind && channelKind !== 'CHANNEL_KIND_UNSPECIFIED' ? channelKind : null],
    );
    const n = (k: string) => Number(r[k] ?? 0);
    return {
      conversations: n('conversations'), frtSeconds: n('frt'), resolutionSeconds: n('ttr'), resolved: n('resolved'), automated: n('automated'),
      handedOff: n('handed_off'), csat: n('csat'), csatResponses: n('csat_responses'),
    };
  }

  async commerce(tenantId: string, w: Window, channelKind?: string) {
    const [r]: { outreach: string; converted: string }[] = await this.db.query(
      `SELECT count(*) FILTER (WHERE kind IN ('outreach', 'proactive_reply')) AS outreach, count(*) FILTER (WHERE kind = 'order' AND after_outreach) AS converted
       FROM commerce_events WHERE tenant_id = $1 AND occurred_at >= $2 AND occurred_at < $3 AND ($4::text IS NULL OR channel_kind = $4)`,
      [tenantId, w.from, w.to, channelKind && channelKind !== 'CHANNEL_KIND_UNSPECIFIED' ? channelKind : null],
    );
    const revenue: { currency: string; amount: string }[] = await this.db.query(
      `SELECT currency, sum(amount_minor)::bigint::text AS amount FROM commerce_events
       WHERE tenant_id = $1 AND kind = 'order' AND via_chat AND occurred_at >= $2 AND occurred_at < $3 AND ($4::text IS NULL OR channel_kind = $4)
       GROUP BY currency ORDER BY currency`,
      [tenantId, w.from, w.to, channelKind && channelKind !== 'CHANNEL_KIND_UNSPECIFIED' ? channelKind : null],
    );
    return { outreach: Number(r.outreach), converted: Number(r.converted), revenue: revenue.map((x) => ({ amountMinor: x.amount, currency: x.currency })) };
  }

  /** Hourly series of every metric, per channel (channel 0 = all channels). */
  async series(tenantId: string, w: Window, channelKind?: string): Promise<{ name: string; value: number; bucket: Date; channelKind: string }[]> {
    const conv: Record<string, string | Date | null>[] = await this.db.query(
      `SELECT date_trunc('hour', started_at) AS bucket, count(*) AS conversations,
              avg(extract(epoch FROM first_reply_at - started_at)) FILTER (WHERE first_reply_at IS NOT NULL) AS first_response_seconds,
              avg(extract(epoch FROM resolved_at - started_at)) FILTER (WHERE resolved_at IS NOT NULL) AS resolution_seconds,
              count(*) FILTER (WHERE resolved_by = 'ai')::float / NULLIF(count(*) FILTER (WHERE resolved_at IS NOT NULL), 0) AS automation_rate,
              count(*) FILTER (WHERE handed_off)::float / NULLIF(count(*), 0) AS handoff_rate,
              avg(csat) AS csat
       FROM conversation_stats WHERE tenant_id = $1 AND started_at >= $2 AND started_at < $3 AND ($4::text IS NULL OR channel_kind = $4)
       GROUP BY 1 ORDER BY 1`,
      [tenantId, w.from, w.to, channelKind && channelKind !== 'CHANNEL_KIND_UNSPECIFIED' ? channelKind : null],
    );
    const facts: Record<string, string | Date | null>[] = await this.db.query(
      `SELECT date_trunc('hour', occurred_at) AS bucket, avg(sentiment) AS sentiment, count(*) AS messages
       FROM conversation_facts WHERE tenant_id = $1 AND occurred_at >= $2 AND occurred_at < $3 AND ($4::text IS NULL OR channel_kind = $4)
       GROUP BY 1 ORDER BY 1`,
      [tenantId, w.from, w.to, channelKind && channelKind !== 'CHANNEL_KIND_UNSPECIFIED' ? channelKind : null],
    );
    const out: { name: string; value: number; bucket: Date; channelKind: string }[] = [];
    for (const rows of [conv, facts]) {
      for (const r of rows) {
        for (const [name, v] of Object.entries(r)) {
          if (name === 'bucket' || v === null || v === undefined) continue;
          out.push({ name, value: Number(v), bucket: new Date(r.bucket as Date), channelKind: channelKind ?? 'CHANNEL_KIND_UNSPECIFIED' });
        }
      }
    }
    return out.sort((a, b) => a.bucket.getTime() - b.bucket.getTime() || a.name.localeCompare(b.name));
  }

  /** Tenants with any fact or conversation in the window: who gets a metrics rollup. */
  async activeTenants(w: Window): Promise<string[]> {
    const rows: { tenant_id: string }[] = await this.db.query(
      `SELECT DISTINCT tenant_id FROM conversation_facts WHERE occurred_at >= $1 AND occurred_at < $2
       UNION SELECT DISTINCT tenant_id FROM conversation_stats WHERE started_at >= $1 AND started_at < $2`,
      [w.from, w.to],
    );
    return rows.map((r) => r.tenant_id);
  }

  async stamp(tenantId: string): Promise<string> {
    const [r]: { s: string | null }[] = await this.db.query(
      `SELECT (SELECT count(*) FROM conversation_facts WHERE tenant_id = $1)::text || ':' || (SELECT coalesce(sum(turns), 0) FROM conversation_stats WHERE tenant_id = $1)::text || ':' ||
              (SELECT count(csat) FROM conversation_stats WHERE tenant_id = $1)::text AS s`,
      [tenantId],
    );
    return r.s ?? '';
  }
}
