import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { OutboxRow } from '@concierge/kafka';
import { pgPool } from '@concierge/persistence';
import type { PendingResolution } from './inbound-message.repository';

export interface LeasedPending {
  seq: string;
  messageId: string;
  tenantId: string;
  channelId: string;
  sender: string;
  request: unknown;
  payload: unknown;
  attempts: number;
}

export interface ResolvedPending {
  messageId: string;
  customerId: string;
  event: OutboxRow;
}

/** Messages waiting for their customer id (see PendingIdentityEntity). */
@Injectable()
export class PendingIdentityRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Leases up to `limit` due rows, oldest first, until now + leaseMs; rows another pass holds are skipped.
   * Rows of a sender with an older unfinished row outside this lease are released again (`blocked`): one
   * sender's events go out in arrival order.
   */
  async lease(leaseId: string, limit: number, leaseMs: number): Promise<{ rows: LeasedPending[]; blocked: number }> {
    const pool = pgPool(this.dataSource);
    const { rows } = await pool.query<{
      seq: string;
      message_id: string;
      tenant_id: string;
      channel_id: string;
      sender: string;
      request: unknown;
      payload: unknown;
      attempts: number;
    }>(
      `UPDATE pending_identities p SET lease_id = $1, next_attempt_at = now() + make_interval(secs => $3::float8 / 1000)
       FROM (SELECT seq FROM pending_identities WHERE NOT failed AND next_attempt_at <= now() ORDER BY seq LIMIT $2 FOR UPDATE SKIP LOCKED) due
       WHERE p.seq = due.seq
       RETURNING p.seq, p.message_id, p.tenant_id, p.channel_id, p.sender, p.request, p.payload, p.attempts`,
      [leaseId, limit, leaseMs],
    );
    if (!rows.length) return { rows: [], blocked: 0 };
    rows.sort((a, b) => Number(BigInt(a.seq) - BigInt(b.seq)));
    const { rows: waiting } = await pool.query<{ channel_id: string; sender: string }>(
      `SELECT DISTINCT p.channel_id, p.sender FROM pending_identities p
       JOIN unnest($1::text[], $2::text[], $3::bigint[]) AS b(channel_id, sender, seq) ON p.channel_id = b.channel_id AND p.sender = b.sender AND p.seq < b.seq
       WHERE NOT p.failed AND p.lease_id IS DISTINCT FROM $4`,
      [rows.map((r) => r.channel_id), rows.map((r) => r.sender), rows.map((r) => r.seq), leaseId],
    );
    const blockedSenders = new Set(waiting.map((w) => `${w.channel_id}\u0000${w.sender}`));
    const blocked = rows.filter((r) => blockedSenders.has(`${r.channel_id}\u0000${r.sender}`));
    if (blocked.length)
      await pool.query(`UPDATE pending_identities SET lease_id = NULL, next_attempt_at = now() + interval '200 milliseconds' WHERE seq = ANY($1::bigint[]) AND lease_id = $2`, [
        blocked.map((r) => r.seq),
        leaseId,
      ]);
    return {
      rows: rows
        .filter((r) => !blockedSenders.has(`${r.channel_id}\u0000${r.sender}`))
        .map((r) => ({
          seq: r.seq,
          messageId: r.message_id,
          tenantId: r.tenant_id,
          channelId: r.channel_id,
          sender: r.sender,
          request: r.request,
          payload: r.payload,
          attempts: r.attempts,
        })),
      blocked: blocked.length,
    };
  }

  /**
   * In one statement, for the rows this lease still holds: the message gets its customer id, the pending row
   * goes and the message-received event is written (in the given order). Returns how many landed.
   */
  async complete(leaseId: string, resolved: ResolvedPending[]): Promise<number> {
    if (!resolved.length) return 0;
    const { rows } = await pgPool(this.dataSource).query<{ n: number }>(
      `WITH r AS (
         SELECT * FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::jsonb[], $8::jsonb[]) WITH ORDINALITY
           AS r(message_id, customer_id, event_id, topic, message_key, headers, payload, n)),
       d AS (DELETE FROM pending_identities p USING r WHERE p.message_id = r.message_id AND p.lease_id = $1 RETURNING p.message_id),
       u AS (UPDATE inbound_messages i SET customer_id = r.customer_id FROM r JOIN d ON d.message_id = r.message_id WHERE i.id = r.message_id),
       o AS (INSERT INTO outbox (event_id, topic, message_key, headers, payload)
         SELECT r.event_id, r.topic, r.message_key, r.headers, r.payload FROM r JOIN d ON d.message_id = r.message_id ORDER BY r.n RETURNING id)
       SELECT count(*)::int AS n FROM o`,
      [
        leaseId,
        resolved.map((r) => r.messageId),
        resolved.map((r) => r.customerId),
        resolved.map((r) => r.event.eventId),
        resolved.map((r) => r.event.topic),
        resolved.map((r) => r.event.key),
        resolved.map((r) => JSON.stringify(r.event.headers)),
        resolved.map((r) => JSON.stringify(r.event.payload)),
      ],
    );
    return rows[0].n;
  }

  /** identity-graph did not answer: try again at `retryInMs`. */
  async retryLater(leaseId: string, seqs: string[], retryInMs: number, error: string): Promise<void> {
    await pgPool(this.dataSource).query(
      `UPDATE pending_identities SET lease_id = NULL, attempts = attempts + 1, last_error = $4, next_attempt_at = now() + make_interval(secs => $3::float8 / 1000)
       WHERE seq = ANY($1::bigint[]) AND lease_id = $2`,
      [seqs, leaseId, retryInMs, error.slice(0, 1000)],
    );
  }

  /** identity-graph refused the request for good: kept for operators, no longer holding the sender up. */
  async fail(leaseId: string, seqs: string[], error: string): Promise<void> {
    await pgPool(this.dataSource).query(
      `UPDATE pending_identities SET lease_id = NULL, attempts = attempts + 1, failed = true, last_error = $3 WHERE seq = ANY($1::bigint[]) AND lease_id = $2`,
      [seqs, leaseId, error.slice(0, 1000)],
    );
  }

  /** Inside a transaction of the caller's (messages with uploaded bytes). */
  async senderWaiting(m: EntityManager, channelId: string, sender: string): Promise<boolean> {
    const rows: unknown[] = await m.query(`SELECT 1 FROM pending_identities WHERE channel_id = $1 AND sender = $2 AND NOT failed LIMIT 1`, [channelId, sender]);
    return rows.length > 0;
  }

  async add(m: EntityManager, r: { messageId: string; tenantId: string; channelId: string; sender: string } & PendingResolution): Promise<void> {
    await m.query(`INSERT INTO pending_identities (message_id, tenant_id, channel_id, sender, request, payload) VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb)`, [
      r.messageId,
      r.tenantId,
      r.channelId,
      r.sender,
      JSON.stringify(r.request),
      JSON.stringify(r.payload),
    ]);
  }

  /** Messages still waiting (not failed), and the age of the oldest in seconds: for logs and operators. */
  async backlog(): Promise<{ waiting: number; failed: number; oldestSeconds: number }> {
    const { rows } = await pgPool(this.dataSource).query<{ waiting: number; failed: number; oldest: number | null }>(
      `SELECT count(*) FILTER (WHERE NOT failed)::int AS waiting, count(*) FILTER (WHERE failed)::int AS failed,
              extract(epoch FROM now() - min(created_at) FILTER (WHERE NOT failed))::float8 AS oldest FROM pending_identities`,
    );
    return { waiting: rows[0].waiting, failed: rows[0].failed, oldestSeconds: rows[0].oldest ?? 0 };
  }
}
