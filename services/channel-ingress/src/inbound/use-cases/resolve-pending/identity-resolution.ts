import { status } from '@grpc/grpc-js';
import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { Events, IdentityV1 } from '@concierge/contracts';
import { GrpcCallError } from '@concierge/grpc';
import { Outbox } from '@concierge/kafka';
import { PINO_LOGGER, SERVICE_CONFIG } from '@concierge/service-kit';
import { IDENTITY_CLIENT, IdentityClient } from '../../../clients/identity.client';
import type { ChannelIngressEnv } from '../../../config/channel-ingress.env';
import { PollLoop } from '../../../workers/poll-loop';
import { LeasedPending, PendingIdentityRepository, ResolvedPending } from '../../persistence/pending-identity.repository';

const BATCH = 200;

/** The key under which a channel identity's customer id is remembered. */
export const customerCacheKey = (tenantId: string, type: IdentityV1.IdentifierType, value: string) => `${tenantId}\u0000${type}\u0000${value}`;

/**
 * Who a channel user is: a short-lived cache of identity-graph's answers, a synchronous ResolveIdentity
 * for callers that must answer with the customer id, and the worker behind the webhooks' fast
 * acknowledgement: a message from a sender not in the cache is stored with a pending row
 * (pending_identities) and answered at once; this worker then asks identity-graph, batch by batch, and
 * writes each message's customer id and message-received event in one statement, one sender's messages in
 * arrival order. identity-graph being slow or down delays events, never webhooks; nothing is lost: rows
 * stay until identity-graph answers (retried with backoff, by any replica, also after a crash).
 */
@Injectable()
export class IdentityResolution implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly cache = new Map<string, { id: string; at: number }>();
  private readonly loop: PollLoop;
  private lastBacklogLog = 0;

  constructor(
    private readonly pending: PendingIdentityRepository,
    private readonly outbox: Outbox,
    @Inject(IDENTITY_CLIENT) private readonly identity: IdentityClient,
    @Inject(SERVICE_CONFIG) private readonly config: ChannelIngressEnv,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {
    this.loop = new PollLoop(
      async () => ({ more: (await this.runOnce()) >= BATCH }),
      config.PENDING_IDENTITY_POLL_MS,
      (err) => this.logger.error({ err }, 'identity resolution pass failed; retrying at the next poll'),
    );
  }

  cached(key: string): string | undefined {
    const e = this.cache.get(key);
    if (!e || Date.now() - e.at > this.config.IDENTITY_CACHE_TTL_MS) return undefined;
    return e.id;
  }

  remember(key: string, id: string): void {
    if (this.config.IDENTITY_CACHE_TTL_MS <= 0) return;
    if (this.cache.size >= 50_000) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.delete(key);
    this.cache.set(key, { id, at: Date.now() });
  }

  /** ResolveIdentity now; a hint identity-graph refuses (e.g. a number that is not a phone) is dropped, not fatal. */
  async resolve(request: IdentityV1.ResolveIdentityRequest): Promise<string> {
    const { customerId } = await this.identity.resolveIdentity(request).catch((err: unknown) => {
      if (request.hints.length && err instanceof GrpcCallError && err.code === status.INVALID_ARGUMENT)
        return this.identity.resolveIdentity({ ...request, hints: [] });
      throw err;
    });
    if (!request.hints.length && !request.verified) this.remember(customerCacheKey(request.tenantId, request.type, request.value), customerId);
    return customerId;
  }

  onApplicationBootstrap(): void {
    this.loop.start(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /** A pending row was committed: resolve it now rather than at the next poll. */
  kick(): void {
    this.loop.kick();
  }

  /** One pass over due pending rows; returns how many it leased. Exposed for tests. */
  async runOnce(): Promise<number> {
    const leaseId = randomUUID();
    const { rows } = await this.pending.lease(leaseId, BATCH, this.config.GRPC_DEADLINE_MS * 3 + 5_000);
    if (!rows.length) return 0;
    // One sender's rows in order, one ResolveIdentity per distinct request; senders side by side, a few at a time.
    const bySender = new Map<string, LeasedPending[]>();
    for (const r of rows) {
      const k = `${r.channelId}\u0000${r.sender}`;
      const list = bySender.get(k);
      if (list) list.push(r);
      else bySender.set(k, [r]);
    }
    const resolved: ResolvedPending[] = [];
    const retry: LeasedPending[] = [];
    const failed: LeasedPending[] = [];
    let lastError = '';
    const senders = [...bySender.values()];
    const work = async (list: LeasedPending[]) => {
      const answers = new Map<string, string>();
      for (let i = 0; i < list.length; i++) {
        const row = list[i];
        const request = IdentityV1.ResolveIdentityRequest.fromJSON(row.request);
        const key = JSON.stringify(row.request);
        try {
          let customerId = answers.get(key);
          if (!customerId) {
            customerId = await this.resolve(request);
            answers.set(key, customerId);
          }
          resolved.push({ messageId: row.messageId, customerId, event: this.event(row, customerId) });
        } catch (err) {
          lastError = err instanceof Error ? err.message : String(err);
          // A refusal that will not change waits for an operator; anything else is retried. Later rows of the sender wait too.
          if (err instanceof GrpcCallError && (err.code === status.INVALID_ARGUMENT || err.code === status.FAILED_PRECONDITION)) {
            this.logger.error({ err, messageId: row.messageId, channelId: row.channelId }, 'identity-graph refused a sender; the message is kept in pending_identities (failed)');
            failed.push(row);
            continue;
          }
          retry.push(...list.slice(i));
          return;
        }
      }
    };
    const concurrency = Math.max(1, this.config.PENDING_IDENTITY_CONCURRENCY);
    for (let i = 0; i < senders.length; i += concurrency) await Promise.all(senders.slice(i, i + concurrency).map(work));
    // Events in the order the messages arrived.
    const order = new Map(rows.map((r, i) => [r.messageId, i]));
    resolved.sort((a, b) => order.get(a.messageId)! - order.get(b.messageId)!);
    const landed = await this.pending.complete(leaseId, resolved);
    if (landed) this.outbox.written();
    if (failed.length) await this.pending.fail(leaseId, failed.map((r) => r.seq), lastError);
    if (retry.length) {
      const attempts = Math.max(...retry.map((r) => r.attempts));
      const delay = Math.min(this.config.PENDING_IDENTITY_RETRY_MAX_MS, 250 * 2 ** Math.min(attempts, 16));
      await this.pending.retryLater(leaseId, retry.map((r) => r.seq), delay, lastError);
      if (Date.now() - this.lastBacklogLog > 30_000) {
        this.lastBacklogLog = Date.now();
        const backlog = await this.pending.backlog();
        this.logger.warn(
          { err: lastError, waiting: backlog.waiting, oldestSeconds: Math.round(backlog.oldestSeconds), retryInMs: delay },
          'identity-graph did not resolve senders; their messages are stored and acknowledged, events wait until it answers',
        );
      }
    }
    return rows.length;
  }

  private event(row: LeasedPending, customerId: string) {
    const payload = Events.messageReceived.codec.fromJSON(row.payload);
    if (payload.message) payload.message.customerId = customerId;
    return this.outbox.row({ event: Events.messageReceived, eventId: row.messageId, key: customerId, tenantId: row.tenantId, payload });
  }
}
