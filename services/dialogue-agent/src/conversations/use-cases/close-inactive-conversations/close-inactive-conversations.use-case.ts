import { Inject, Injectable, OnApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import { randomUUID } from 'node:crypto';
import { CommonV1, DialogueV1, Events, toTimestamp } from '@concierge/contracts';
import { Outbox } from '@concierge/kafka';
import { PINO_LOGGER, SERVICE_CONFIG } from '@concierge/service-kit';
import type { AgentState } from '../../../agent/domain/agent-state';
import { detectLanguage } from '../../../agent/domain/language';
import type { DialogueAgentEnv } from '../../../config/dialogue-agent.env';
import { Mode } from '../../domain/conversation-mode';
import { requireTenant } from '../../domain/dialogue.exception';
import { resolveEpisode } from '../../domain/resolution';
import { ConversationRepository } from '../../persistence/conversation.repository';

const CSAT = {
  en: 'How did we do? Tap a rating from 1 (poor) to 5 (great).',
  ru: 'Как мы справились? Оцените от 1 (плохо) до 5 (отлично).',
};

/**
 * Closes idle conversations, records the resolution by the explicit rule (domain/resolution.ts), and
 * sends the one-tap CSAT survey (quick replies 1–5) after a resolved one.
 */
@Injectable()
export class CloseInactiveConversationsUseCase implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly conversations: ConversationRepository,
    private readonly outbox: Outbox,
    @Inject(SERVICE_CONFIG) private readonly config: DialogueAgentEnv,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap() {
    if (!this.config.CONVERSATION_SWEEP_SECONDS) return;
    this.timer = setInterval(() => {
      this.execute({ tenantId: '', idleSeconds: 0 }, true).catch((err) => this.logger.warn({ err: (err as Error).message }, 'inactivity sweep failed'));
    }, this.config.CONVERSATION_SWEEP_SECONDS * 1000);
    this.timer.unref();
  }

  onApplicationShutdown() {
    if (this.timer) clearInterval(this.timer);
  }

  async execute(cmd: { tenantId: string; idleSeconds: number }, allTenants = false): Promise<number> {
    const tenantId = allTenants ? undefined : requireTenant(cmd.tenantId);
    const idleMs = (cmd.idleSeconds > 0 ? cmd.idleSeconds : this.config.CONVERSATION_IDLE_MINUTES * 60) * 1000;
    const candidates = await this.conversations.idle(new Date(Date.now() - idleMs), tenantId, 200);
    let closed = 0;
    for (const candidate of candidates) {
      const done = await this.conversations.dataSource.transaction(async (m) => {
        const c = await this.conversations.lockById(m, candidate.tenantId, candidate.id);
        if (c.mode === Mode.CONVERSATION_MODE_CLOSED || c.lastActivityAt.getTime() >= Date.now() - idleMs) return false;
        const state = (c.state ?? {}) as AgentState;
        const [last] = (await this.conversations.turns(c.id, 1)).slice(-1);
        const { resolution, rule } = resolveEpisode({ mode: c.mode, state, lastTurnRole: last?.role ?? '' });
        c.mode = Mode.CONVERSATION_MODE_CLOSED;
        c.resolution = resolution;
        c.resolutionRule = rule;
        c.closedAt = new Date();
        state.pendingQuote = undefined;
        state.checkoutStarted = false;
        const survey = resolution !== 'abandoned' && !!c.lastChannelId;
        state.csatPending = survey;
        state.episode = undefined;
        c.state = state as Record<string, unknown>;
        await this.conversations.save(m, c);
        const language = detectLanguage((state.customerTexts ?? []).join(' '));
        if (survey) {
          const replyId = randomUUID();
          await this.outbox.add(m, {
            event: Events.replyReady,
            eventId: replyId,
            key: c.customerId,
            tenantId: c.tenantId,
            payload: {
              replyId,
              tenantId: c.tenantId,
              customerId: c.customerId,
              conversationId: c.id,
              channelId: c.lastChannelId,
              channelKind: (c.lastChannelKind || CommonV1.ChannelKind.CHANNEL_KIND_UNSPECIFIED) as CommonV1.ChannelKind,
              text: CSAT[language],
              quickReplies: [1, 2, 3, 4, 5].map((n) => ({ label: '★'.repeat(n), payload: `csat:${n}` })),
              inReplyToMessageId: '',
              proactive: true,
              createdAt: toTimestamp(new Date()),
              attachments: [],
              templateName: '',
              templateLanguage: '',
              purpose: 'csat_survey',
            },
          });
        }
        // The resolution rides on a turn-completed with no customer text, so insights reads it from the same topic.
        await this.outbox.add(m, {
          event: Events.turnCompleted,
          key: c.customerId,
          tenantId: c.tenantId,
          payload: {
            ...DialogueV1.TurnCompleted.fromJSON({}),
            tenantId: c.tenantId,
            customerId: c.customerId,
            conversationId: c.id,
            turnId: randomUUID(),
            channelKind: (c.lastChannelKind || CommonV1.ChannelKind.CHANNEL_KIND_UNSPECIFIED) as CommonV1.ChannelKind,
            resolution,
            resolutionRule: rule,
            conversationMode: c.mode,
            csatScore: 0,
            repliedAt: toTimestamp(new Date()),
            receivedAt: toTimestamp(new Date()),
          },
        });
        return true;
      });
      if (done) closed++;
    }
    if (closed) this.logger.info({ closed }, 'closed inactive conversations');
    return closed;
  }
}
