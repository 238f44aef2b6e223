import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { CommonV1, Events, IdentityV1, toTimestamp } from '@concierge/contracts';
import { Outbox } from '@concierge/kafka';
import { DataSource, EntityManager } from 'typeorm';
import { IDENTITY_CLIENT, IdentityClient } from '../../../clients/identity.client';
import type { DecisionStyle } from '../../../affect';
import {
  composeProactiveMessage, ProactiveKind, PURPOSE_OF, REPLY_PURPOSE, RESPECTS_QUIET_HOURS,
} from '../../domain/proactive-message';
import { quietUntil, safeTimeZone } from '../../domain/quiet-hours';
import { PROACTIVE_CONFIG, ProactiveEnv } from '../../config/proactive.env';
import { ProactiveWriter } from '../../llm/proactive-writer';
import { ProactiveMessageEntity } from '../../persistence/proactive-message.entity';
import { ProactiveMessageRepository } from '../../persistence/proactive-message.repository';

export type DispatchOutcome = 'sent' | 'suppressed' | 'deferred' | 'skipped';

const STYLES: DecisionStyle[] = ['rational', 'impulsive', 'anxious'];

/**
 * Sends due proactive messages: consent and quiet hours are checked again at send time (they may have
 * changed since the event), then the message is composed and published as a proactive reply-ready
 * through the outbox in the same transaction that marks it sent — exactly once per scheduled message.
 */
@Injectable()
export class DispatchProactiveMessagesUseCase implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('ProactiveDispatch');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ProactiveMessageRepository,
    private readonly outbox: Outbox,
    @Inject(IDENTITY_CLIENT) private readonly identity: IdentityClient,
    @Inject(PROACTIVE_CONFIG) private readonly config: ProactiveEnv,
    private readonly writer: ProactiveWriter,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => this.poke(), this.config.PROACTIVE_SWEEP_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Runs a sweep soon (after a consumer scheduled something); sweeps never overlap. */
  poke(): void {
    if (this.stopped || this.running) return;
    this.running = this.sweep()
      .then(() => undefined)
      .catch((err) => this.logger.warn(`proactive sweep failed: ${(err as Error).message}`))
      .finally(() => (this.running = undefined));
  }

  async sweep(): Promise<Record<DispatchOutcome, number>> {
    const counts: Record<DispatchOutcome, number> = { sent: 0, suppressed: 0, deferred: 0, skipped: 0 };
    for (const id of await this.repo.dueIds(50)) {
      if (this.stopped) break;
      counts[await this.dispatch(id)]++;
    }
    return counts;
  }

  async dispatch(id: string): Promise<DispatchOutcome> {
    return this.dataSource.transaction(async (m) => {
      const msg = await this.repo.lockDue(m, id);
      if (!msg) return 'skipped';
      const kind = msg.kind as ProactiveKind;
      let context: IdentityV1.GetCustomerContextResponse;
      let consent: IdentityV1.CheckConsentResponse;
      try {
        context = await this.identity.getCustomerContext({ tenantId: msg.tenantId, customerId: msg.customerId, recentItems: 0 });
        consent = await this.identity.checkConsent({
          tenantId: msg.tenantId, customerId: msg.customerId,
          purpose: PURPOSE_OF[kind] === 'marketing' ? IdentityV1.ConsentPurpose.CONSENT_PURPOSE_MARKETING : IdentityV1.ConsentPurpose.CONSENT_PURPOSE_SERVICE,
          channelKind: (msg.context.channelKind ?? CommonV1.ChannelKind.CHANNEL_KIND_UNSPECIFIED) as CommonV1.ChannelKind,
        });
      } catch (err) {
        const code = (err as { code?: number }).code;
        if (code === GrpcStatus.NOT_FOUND) return this.suppress(m, msg, `customer not found or erased: ${(err as Error).message}`);
        return this.retryLater(m, msg, `identity-graph unavailable: ${(err as Error).message}`);
      }
      if (!consent.granted) return this.suppress(m, msg, `no ${PURPOSE_OF[kind]} consent: ${consent.reason || 'not allowed'}`);

      const customer = context.customer;
      const now = new Date();
      if (RESPECTS_QUIET_HOURS[kind]) {
        const tz = safeTimeZone(customer?.timezone || customer?.attributes?.timezone, this.config.PROACTIVE_DEFAULT_TIMEZONE);
        const until = quietUntil(now, this.config.PROACTIVE_QUIET_HOURS, tz);
        if (until) {
          await m.update(ProactiveMessageEntity, { id: msg.id }, { dueAt: until, reason: `quiet hours ${this.config.PROACTIVE_QUIET_HOURS} in ${tz}` });
          return 'deferred';
        }
      }

      const language = (customer?.locale ?? '').toLowerCase().startsWith('ru') ? 'ru' : 'en';
      const trait = context.traits?.find((t) => t.name === 'decision_style');
      const style: DecisionStyle = trait && STYLES.includes(trait.value as DecisionStyle) && trait.confidence >= 0.35 ? (trait.value as DecisionStyle) : 'unknown';
      const template = composeProactiveMessage({ kind, language, style, name: customer?.displayName, context: msg.context, messageId: msg.id });
      const composed = await this.writer.write(template, { kind, language, style, name: customer?.displayName?.split(/\s+/)[0] });
      const replyId = randomUUID();
      await this.outbox.add(m, {
        event: Events.replyReady,
        eventId: replyId,
        key: msg.customerId,
        tenantId: msg.tenantId,
        correlationId: msg.sourceEventId,
        payload: {
          replyId,
          tenantId: msg.tenantId,
          customerId: msg.customerId,
          conversationId: msg.context.conversationId ?? '',
          // Proactive: no source message and no channel; ingress routes it to the preferred reachable channel.
          channelId: '',
          channelKind: (msg.context.channelKind ?? CommonV1.ChannelKind.CHANNEL_KIND_UNSPECIFIED) as CommonV1.ChannelKind,
          text: composed.text,
          quickReplies: composed.quickReplies,
          inReplyToMessageId: '',
          proactive: true,
          createdAt: toTimestamp(now),
          attachments: [],
          templateName: '',
          templateLanguage: '',
          purpose: REPLY_PURPOSE[kind],
        },
      });
      await m.update(ProactiveMessageEntity, { id: msg.id }, {
        status: 'sent', replyId, text: composed.text, language, sentAt: now, reason: `sent (${PURPOSE_OF[kind]} consent: ${consent.reason || 'allowed'}; style ${style}; ${composed.writer})`.slice(0, 500),
      });
      return 'sent';
    });
  }

  private async suppress(m: EntityManager, msg: ProactiveMessageEntity, reason: string): Promise<DispatchOutcome> {
    await m.update(ProactiveMessageEntity, { id: msg.id }, { status: 'suppressed', reason: reason.slice(0, 500) });
    return 'suppressed';
  }

  private async retryLater(m: EntityManager, msg: ProactiveMessageEntity, reason: string): Promise<DispatchOutcome> {
    const attempts = msg.attempts + 1;
    if (attempts >= this.config.PROACTIVE_MAX_ATTEMPTS) return this.suppress(m, msg, `gave up after ${attempts} attempts: ${reason}`);
    const backoffMs = Math.min(3_600_000, 5000 * 2 ** (attempts - 1));
    await m.update(ProactiveMessageEntity, { id: msg.id }, { attempts, dueAt: new Date(Date.now() + backoffMs), reason: reason.slice(0, 500) });
    this.logger.warn(`proactive message ${msg.id} deferred (${reason})`);
    return 'deferred';
  }
}
