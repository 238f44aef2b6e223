import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CommonV1, DialogueV1, fromTimestamp } from '@concierge/contracts';
import { parseTenantApiKeys } from '@concierge/config';
import { SERVICE_CONFIG } from '@concierge/service-kit';
import { InsightsEnv, tenantMap } from '../../config/insights.env';
import { AlertsRepository } from '../../alerts/persistence/alerts.repository';
import { ManageAlertsUseCase } from '../../alerts/use-cases/manage-alerts/manage-alerts.use-case';
import { InsightsQueriesRepository } from '../../metrics/persistence/insights-queries.repository';
import { GetInsightsUseCase } from '../../metrics/use-cases/get-insights/get-insights.use-case';
import { DIALOGUE_CLIENT, DialogueClient } from '../clients/dialogue.client';
import { checkLogin, ConsoleSession, cookieValue, issueSession, readSession, SESSION_COOKIE } from '../domain/console-session';
import { ConsoleErrorCode, ConsoleException } from '../domain/console.exception';

// Non-TypeScript files under src/ are copied next to the compiled code by the build, so this holds in both layouts.
const ASSETS_DIR = join(__dirname, '..', 'assets');
const ASSETS: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'console.js': 'text/javascript; charset=utf-8',
  'console.css': 'text/css; charset=utf-8',
  'charts.js': 'text/javascript; charset=utf-8',
};
const WINDOWS: Record<string, number> = { '5m': 5 * 60_000, '1h': 3_600_000, '24h': 24 * 3_600_000, '7d': 7 * 24 * 3_600_000 };
const INBOX_MODES = [
  DialogueV1.ConversationMode.CONVERSATION_MODE_HANDOFF_REQUESTED,
  DialogueV1.ConversationMode.CONVERSATION_MODE_HUMAN,
  DialogueV1.ConversationMode.CONVERSATION_MODE_AI,
];

/** The web console: plain HTML/JS/CSS (no build step) and its JSON + server-sent-events API, behind a tenant login. */
@Controller('console')
export class ConsoleController {
  private readonly passwords: Map<string, string>;
  private readonly apiKeys: Map<string, string>;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: InsightsEnv,
    @Inject(DIALOGUE_CLIENT) private readonly dialogue: DialogueClient,
    private readonly insights: GetInsightsUseCase,
    private readonly manageAlerts: ManageAlertsUseCase,
    private readonly alerts: AlertsRepository,
    private readonly queries: InsightsQueriesRepository,
  ) {
    this.passwords = tenantMap(config.INSIGHTS_CONSOLE_USERS, ':');
    this.apiKeys = parseTenantApiKeys(config.TENANT_API_KEYS);
  }

  // Nest serves /console and /console/ from the same route (assets use absolute paths).
  @Get()
  index(@Res() res: Response): void {
    this.asset('index.html', res);
  }

  @Get('assets/:file')
  assetFile(@Param('file') file: string, @Res() res: Response): void {
    this.asset(file, res);
  }

  @Post('api/login')
  login(@Body() body: { tenant?: unknown; password?: unknown } | undefined, @Res({ passthrough: true }) res: Response) {
    const tenant = typeof body?.tenant === 'string' ? body.tenant.trim() : '';
    const password = typeof body?.password === 'string' ? body.password : '';
    if (!tenant || !password) throw new ConsoleException(ConsoleErrorCode.InvalidInput, 'tenant and password are required');
    if (!checkLogin(tenant, password, this.passwords, this.apiKeys)) throw new ConsoleException(ConsoleErrorCode.BadLogin, 'wrong tenant or password');
    const secure = this.config.NODE_ENV === 'production' ? '; Secure' : '';
    res.setHeader('set-cookie', `${SESSION_COOKIE}=${issueSession(this.config.INSIGHTS_SESSION_SECRET, tenant, tenant)}; Path=/console; HttpOnly; SameSite=Strict; Max-Age=43200${secure}`);
    return { tenantId: tenant };
  }

  @Post('api/logout')
  logout(@Res({ passthrough: true }) res: Response) {
    res.setHeader('set-cookie', `${SESSION_COOKIE}=; Path=/console; HttpOnly; SameSite=Strict; Max-Age=0`);
    return { ok: true };
  }

  @Get('api/session')
  session(@Req() req: Request) {
    const s = this.auth(req);
    return { tenantId: s.tenantId, user: s.user };
  }

  @Get('api/dashboard')
  async dashboard(@Req() req: Request, @Query('window') window = '24h') {
    const s = this.auth(req);
    return this.dashboardFor(s.tenantId, window);
  }

  @Get('api/alerts')
  async alertList(@Req() req: Request) {
    const s = this.auth(req);
    return this.alertsFor(s.tenantId);
  }

  @Post('api/alerts/:id/ack')
  async ack(@Req() req: Request, @Param('id') id: string) {
    return this.manageAlerts.acknowledge(this.auth(req).tenantId, id);
  }

  @Get('api/inbox')
  async inbox(@Req() req: Request) {
    return this.inboxFor(this.auth(req).tenantId);
  }

  @Get('api/conversations/:id')
  async conversation(@Req() req: Request, @Param('id') id: string) {
    const s = this.auth(req);
    const { conversation } = await this.dialogue.getConversation({ tenantId: s.tenantId, conversationId: id, customerId: '' });
    return conversation ? this.conversationView(conversation, true) : undefined;
  }

  @Post('api/conversations/:id/takeover')
  async takeover(@Req() req: Request, @Param('id') id: string) {
    const s = this.auth(req);
    const current = (await this.dialogue.getConversation({ tenantId: s.tenantId, conversationId: id, customerId: '' })).conversation;
    // Already waiting for (or with) a person: the operator's next reply claims it.
    if (current && current.mode !== DialogueV1.ConversationMode.CONVERSATION_MODE_AI) return this.conversationView(current, true);
    const { conversation } = await this.dialogue.requestHandoff({ tenantId: s.tenantId, conversationId: id, reason: `operator ${s.user} took over in the console` });
    return conversation ? this.conversationView(conversation, true) : undefined;
  }

  @Post('api/conversations/:id/reply')
  async reply(@Req() req: Request, @Param('id') id: string, @Body() body: { text?: unknown } | undefined) {
    const s = this.auth(req);
    const text = typeof body?.text === 'string' ? body.text.trim() : '';
    if (!text) throw new ConsoleException(ConsoleErrorCode.InvalidInput, 'text is required');
    if (text.length > 4000) throw new ConsoleException(ConsoleErrorCode.InvalidInput, 'text is longer than 4000 characters');
    const { turn } = await this.dialogue.operatorReply({ tenantId: s.tenantId, conversationId: id, operatorId: `console:${s.user}`, text });
    return { turnId: turn?.turnId ?? '', text: turn?.text ?? text };
  }

  @Post('api/conversations/:id/release')
  async release(@Req() req: Request, @Param('id') id: string) {
    const s = this.auth(req);
    const { conversation } = await this.dialogue.releaseConversation({ tenantId: s.tenantId, conversationId: id, operatorId: `console:${s.user}` });
    return conversation ? this.conversationView(conversation, true) : undefined;
  }

  /** Server-sent events: "alerts", "dashboard" and "inbox" whenever they change (checked every second). */
  @Get('api/stream')
  stream(@Req() req: Request, @Res() res: Response): void {
    const s = this.auth(req);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write(': connected\n\n');
    const last: Record<string, string> = {};
    let busy = false;
    let ticks = 0;
    const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    const tick = async () => {
      if (busy) return;
      busy = true;
      try {
        const alertStamp = await this.alerts.lastChange(s.tenantId);
        if (alertStamp !== last.alerts) {
          last.alerts = alertStamp;
          send('alerts', await this.alertsFor(s.tenantId));
        }
        const factStamp = await this.queries.stamp(s.tenantId);
        if (factStamp !== last.dashboard || ticks % 30 === 0) {
          last.dashboard = factStamp;
          send('dashboard', await this.dashboardFor(s.tenantId, '24h'));
        }
        const inbox = await this.inboxFor(s.tenantId).catch((err: Error) => ({ error: err.message, conversations: [] }));
        const inboxStamp = JSON.stringify(inbox);
        if (inboxStamp !== last.inbox) {
          last.inbox = inboxStamp;
          send('inbox', inbox);
        }
        if (ticks % 15 === 0) res.write(': keep-alive\n\n');
        ticks++;
      } catch (err) {
        send('problem', { message: (err as Error).message });
      } finally {
        busy = false;
      }
    };
    const timer = setInterval(() => void tick(), 1000);
    void tick();
    req.on('close', () => clearInterval(timer));
  }

  private auth(req: Request): ConsoleSession {
    const s = readSession(this.config.INSIGHTS_SESSION_SECRET, cookieValue(req.headers.cookie, SESSION_COOKIE));
    if (!s) throw new ConsoleException(ConsoleErrorCode.NotLoggedIn, 'log in first');
    return s;
  }

  private asset(file: string, res: Response): void {
    const type = ASSETS[file];
    if (!type) {
      res.status(404).json({ error: { code: 'NOT_FOUND', message: `no console asset ${file}` } });
      return;
    }
    res.setHeader('content-type', type);
    res.setHeader('cache-control', 'no-cache');
    res.setHeader('content-security-policy', "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:");
    res.send(readFileSync(join(ASSETS_DIR, file)));
  }

  private async dashboardFor(tenantId: string, window: string) {
    const span = WINDOWS[window];
    if (!span) throw new ConsoleException(ConsoleErrorCode.InvalidInput, 'window must be 5m, 1h, 24h or 7d');
    const to = new Date();
    const from = new Date(to.getTime() - span);
    const ts = (d: Date) => ({ seconds: String(Math.floor(d.getTime() / 1000)), nanos: 0 });
    const d = await this.insights.dashboard({ tenantId, range: { from: ts(from), to: ts(to) } });
    const cloud = await this.insights.meaningCloud({ tenantId, window: window === '5m' ? '5m' : window === '1h' ? '1h' : '24h', limit: 40, channelKind: CommonV1.ChannelKind.CHANNEL_KIND_UNSPECIFIED });
    return {
      window,
      ...d,
      series: d.series.map((p) => ({ name: p.name, value: p.value, at: fromTimestamp(p.bucketStart)?.toISOString() ?? '' })),
      openAlerts: undefined,
      cloud,
    };
  }

  private async alertsFor(tenantId: string) {
    const page = await this.insights.alertsPage({ tenantId, range: { from: { seconds: String(Math.floor(Date.now() / 1000) - 7 * 86400), nanos: 0 }, to: undefined }, page: { pageSize: 50, pageToken: '' } });
    return page.alerts.map((a) => ({ ...a, raisedAt: fromTimestamp(a.raisedAt)?.toISOString(), lastSeenAt: fromTimestamp(a.lastSeenAt)?.toISOString() }));
  }

  private async inboxFor(tenantId: string) {
    const seen = new Set<string>();
    const conversations = [];
    for (const mode of INBOX_MODES) {
      const { conversations: page } = await this.dialogue.listConversations({ tenantId, mode, page: { pageSize: 20, pageToken: '' } });
      for (const c of page) {
        if (seen.has(c.conversationId)) continue;
        seen.add(c.conversationId);
        conversations.push(this.conversationView(c, false));
      }
    }
    return { conversations };
  }

  private conversationView(c: DialogueV1.Conversation, withTurns: boolean) {
    return {
      conversationId: c.conversationId,
      mode: String(c.mode).replace('CONVERSATION_MODE_', '').toLowerCase(),
      customer: c.customerId ? `customer …${c.customerId.slice(-6)}` : 'customer',
      summary: c.summary, mood: c.mood, decisionStyle: c.decisionStyle, suggestedReply: c.suggestedReply, frustration: c.frustration,
      handoffReason: c.handoffReason, updatedAt: fromTimestamp(c.updatedAt)?.toISOString() ?? '',
      turns: withTurns ? c.turns.map((t) => ({ role: String(t.role).replace('TURN_ROLE_', '').toLowerCase(), text: t.text, at: fromTimestamp(t.createdAt)?.toISOString() ?? '' })) : undefined,
    };
  }
}
