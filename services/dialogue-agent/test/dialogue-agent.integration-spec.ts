jest.mock('vader-sentiment/src/vader_lexicon.js', () => jest.requireActual('../src/agent/testing/vader-shim').loadVaderLexicon());

import { status } from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { CommonV1, DialogueV1, Events, ServiceProtos, Topics, toTimestamp } from '@concierge/contracts';
import { UnaryClient } from '@concierge/grpc';
import { eventually, freePort, readTopic, startTestService, TestEventPublisher, TestService, testTopicPrefix } from '@concierge/testing';
import { DataSource } from 'typeorm';
import { AppModule, SERVICE } from '../src/app.module';
import { EraseCustomerConversationsUseCase } from '../src/conversations/use-cases/erase-customer-conversations/erase-customer-conversations.use-case';

const TENANT = 'acme';
const Mode = DialogueV1.ConversationMode;
const FAQ = `question,answer
How long does delivery take?,"Delivery takes 1-2 working days."
What is your return policy?,"Unopened items can be returned within 30 days."
Как вернуть товар?,"Нераспечатанные товары можно вернуть в течение 30 дней."
`;

describe('dialogue-agent (real Postgres, Kafka and gRPC; offline policy)', () => {
  let service: TestService;
  let dialogue: UnaryClient<DialogueV1.DialogueServiceClient>;
  let events: TestEventPublisher;
  let prefix: string;
  let published = 0;

  /** A customer message as channel-ingress publishes it; resolves to the reply-ready records so far. */
  const customerSays = async (customerId: string, text: string, opts: { messageId?: string; times?: number } = {}) => {
    const messageId = opts.messageId ?? randomUUID();
    await events.publish(
      Events.messageReceived,
      {
        message: {
          messageId, tenantId: TENANT, channelId: 'acme-widget', channelKind: CommonV1.ChannelKind.CHANNEL_KIND_WIDGET, customerId,
          externalUserId: 'v', externalMessageId: messageId, text, attachments: [], locale: 'en',
          sentAt: toTimestamp(new Date()), receivedAt: toTimestamp(new Date()), affectHints: undefined, conversationRef: '',
        } as never,
      },
      { key: customerId, tenantId: TENANT, eventId: messageId, times: opts.times },
    );
    return messageId;
  };

  const replies = async (count: number) =>
    (await readTopic(prefix + Topics.dialogueReplyReady, count)).map((r) => Events.replyReady.codec.fromJSON(JSON.parse(r.value)));

  const expectReply = async (inReplyTo: string) => {
    published++;
    const all = (await readTopic(prefix + Topics.dialogueReplyReady, (rs) => rs.some((r) => JSON.parse(r.value).inReplyToMessageId === inReplyTo))).map((r) =>
      Events.replyReady.codec.fromJSON(JSON.parse(r.value)),
    );
    const reply = all.find((r) => r.inReplyToMessageId === inReplyTo);
    expect(reply).toBeDefined();
    return reply!;
  };

  beforeAll(async () => {
    prefix = testTopicPrefix('dialogue');
    // identity-graph is deliberately absent: the agent must still answer, just without the customer's name.
    service = await startTestService(AppModule, SERVICE, { KAFKA_TOPIC_PREFIX: prefix, IDENTITY_GRPC_ADDR: `127.0.0.1:${await freePort()}`, HANDOFF_FRUSTRATION: '0.99', CONVERSATION_SWEEP_SECONDS: '0' });
    dialogue = service.client<DialogueV1.DialogueServiceClient>(ServiceProtos.dialogue);
    events = new TestEventPublisher(prefix);
    await dialogue.ingestKnowledge({ tenantId: TENANT, title: 'FAQ', format: DialogueV1.KnowledgeFormat.KNOWLEDGE_FORMAT_FAQ_CSV, content: FAQ, language: '', source: 'faq' });
  });

  afterAll(async () => {
    await events?.close();
    await service?.close();
  });

  it('ingests an FAQ and finds answers in English and Russian; re-ingesting the same source replaces it', async () => {
    const again = await dialogue.ingestKnowledge({ tenantId: TENANT, title: 'FAQ', format: DialogueV1.KnowledgeFormat.KNOWLEDGE_FORMAT_FAQ_CSV, content: FAQ, language: '', source: 'faq' });
    expect(again.chunkCount).toBe(3);
    const en = await dialogue.searchKnowledge({ tenantId: TENANT, query: 'can I return my items?', limit: 3, language: '', minScore: 0 });
    expect(en.chunks[0].title).toBe('What is your return policy?');
    expect(en.chunks).toHaveLength(1);
    const ru = await dialogue.searchKnowledge({ tenantId: TENANT, query: 'хочу вернуть товар', limit: 3, language: '', minScore: 0 });
    expect(ru.chunks[0].title).toBe('Как вернуть товар?');
    const other = await dialogue.searchKnowledge({ tenantId: 'globex', query: 'return', limit: 3, language: '', minScore: 0 });
    expect(other.chunks).toHaveLength(0);
    await expect(dialogue.ingestKnowledge({ tenantId: TENANT, title: 'x', format: DialogueV1.KnowledgeFormat.KNOWLEDGE_FORMAT_FAQ_CSV, content: 'question,answer\n', language: '', source: '' })).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      errorCode: 'KNOWLEDGE_DOCUMENT_EMPTY',
    });
  });

  it('greets, and answers a redelivered message only once', async () => {
    const customer = randomUUID();
    const id = await customerSays(customer, 'Hello!', { times: 2 });
    const reply = await expectReply(id);
    expect(reply.text).toMatch(/^Hello! I'm the shop's assistant/);
    expect(reply).toMatchObject({ tenantId: TENANT, customerId: customer, channelId: 'acme-widget', proactive: false });
    await new Promise((r) => setTimeout(r, 500));
    expect((await replies(published)).filter((r) => r.inReplyToMessageId === id)).toHaveLength(1);
  });

  it('answers from the knowledge base and logs which chunk it used', async () => {
    const customer = randomUUID();
    const id = await customerSays(customer, 'How long does delivery take to Berlin?');
    const reply = await expectReply(id);
    expect(reply.text).toBe('Delivery takes 1-2 working days.');
    const { decisions } = await dialogue.getDecisionLog({ tenantId: TENANT, conversationId: reply.conversationId });
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({ intent: 'question', tools: ['search_knowledge'] });
    expect(decisions[0].knowledgeChunkIds).toHaveLength(1);
    const [turn] = await readTopic(prefix + Topics.dialogueTurnCompleted, 1);
    expect(turn.headers.ce_type).toBe('concierge.dialogue.v1.TurnCompleted');
  });

  it('does not invent an answer: an unknown question goes to a person', async () => {
    const { replyText, mode, decision } = await dialogue.converse({ tenantId: TENANT, customerId: randomUUID(), text: 'Is there a lifetime warranty on spaceship fuel?', channelKind: CommonV1.ChannelKind.CHANNEL_KIND_API, locale: 'en', attachments: [], affectHints: undefined });
    expect(replyText).toMatch(/I don't know that for sure/);
    expect(mode).toBe(Mode.CONVERSATION_MODE_HANDOFF_REQUESTED);
    expect(decision?.reason).toMatch(/no relevant knowledge/);
  });

  it('hands off on "оператор", stays silent while a person owns the conversation, and resumes after release', async () => {
    const customer = randomUUID();
    const askId = await customerSays(customer, 'Позовите оператора, пожалуйста');
    const handoffReply = await expectReply(askId);
    expect(handoffReply.text).toMatch(/передаю вас сотруднику/);
    const conversationId = handoffReply.conversationId;
    const [handoff] = (await readTopic(prefix + Topics.dialogueHandoffRequested, (rs) => rs.some((r) => r.key === customer))).filter((r) => r.key === customer);
    expect(JSON.parse(handoff.value)).toMatchObject({ conversationId, reason: 'customer asked for a person' });

    const whileWaiting = await customerSays(customer, 'Hello? Anyone?');
    await eventually(async () => (await dialogue.getConversation({ tenantId: TENANT, conversationId, customerId: '' })).conversation!.turns.length === 3, 'customer turn recorded');
    await dialogue.operatorReply({ tenantId: TENANT, conversationId, operatorId: 'op-1', text: 'Hi, this is Maria. How can I help?' });
    const afterOperator = (await readTopic(prefix + Topics.dialogueReplyReady, (rs) => rs.some((r) => JSON.parse(r.value).text === 'Hi, this is Maria. How can I help?'))).map((r) =>
      Events.replyReady.codec.fromJSON(JSON.parse(r.value)),
    );
    const operatorReply = afterOperator.find((r) => r.text === 'Hi, this is Maria. How can I help?');
    expect(operatorReply).toMatchObject({ inReplyToMessageId: whileWaiting, channelId: 'acme-widget' });
    expect(afterOperator.some((r) => r.inReplyToMessageId === whileWaiting && r.text !== operatorReply!.text)).toBe(false);
    expect((await dialogue.getConversation({ tenantId: TENANT, conversationId, customerId: '' })).conversation!.mode).toBe(Mode.CONVERSATION_MODE_HUMAN);

    const forOperator = (await dialogue.getConversation({ tenantId: TENANT, conversationId, customerId: '' })).conversation!;
    expect(forOperator.summary).toMatch(/Handoff: customer asked for a person/);
    expect(forOperator.summary).toContain('Позовите оператора');
    expect(forOperator.suggestedReply).toMatch(/^Здравствуйте!/);
    expect(forOperator.handoffReason).toBe('customer asked for a person');

    await dialogue.releaseConversation({ tenantId: TENANT, conversationId, operatorId: 'op-1' });
    const after = await customerSays(customer, 'thanks!');
    expect((await expectReply(after)).text).toMatch(/You are welcome/);

    // Idle → closed; a person replied, so it is human-resolved; the one-tap survey goes out and its answer is recorded.
    await new Promise((r) => setTimeout(r, 1100));
    expect((await dialogue.closeInactiveConversations({ tenantId: TENANT, idleSeconds: 1 })).closed).toBeGreaterThanOrEqual(1);
    const closed = (await dialogue.getConversation({ tenantId: TENANT, conversationId, customerId: '' })).conversation!;
    expect(closed).toMatchObject({ mode: Mode.CONVERSATION_MODE_CLOSED, resolution: 'human_resolved' });
    const survey = (await readTopic(prefix + Topics.dialogueReplyReady, (rs) => rs.some((r) => JSON.parse(r.value).conversationId === conversationId && JSON.parse(r.value).proactive)))
      .map((r) => Events.replyReady.codec.fromJSON(JSON.parse(r.value)))
      .find((r) => r.conversationId === conversationId && r.proactive);
    expect(survey?.quickReplies.map((q) => q.payload)).toEqual(['csat:1', 'csat:2', 'csat:3', 'csat:4', 'csat:5']);
    const rating = await customerSays(customer, 'csat:4');
    expect((await expectReply(rating)).text).toMatch(/Thank you for your rating/);
    const rated = (await dialogue.getConversation({ tenantId: TENANT, conversationId, customerId: '' })).conversation!;
    expect(rated).toMatchObject({ csatScore: 4, mode: Mode.CONVERSATION_MODE_CLOSED });
    const turns = (await readTopic(prefix + Topics.dialogueTurnCompleted, (rs) => rs.some((r) => JSON.parse(r.value).csatScore === 4))).map((r) => JSON.parse(r.value));
    expect(turns.find((t) => t.conversationId === conversationId && t.resolution)).toMatchObject({ resolution: 'human_resolved', resolutionRule: 'a person replied in this conversation' });
  });

  it('an angry customer gets calm mode, a person offered, and the decision log says why', async () => {
    const customer = randomUUID();
    const id = await customerSays(customer, 'This is RIDICULOUS!!! My order is late AGAIN, terrible service, I am furious!!!');
    const reply = await expectReply(id);
    expect(reply.quickReplies).toContainEqual({ label: 'Talk to a person', payload: 'handoff' });
    const { decisions } = await dialogue.getDecisionLog({ tenantId: TENANT, conversationId: reply.conversationId });
    expect(decisions[0]).toMatchObject({ tone: 'calm', humanOffered: true, engine: 'offline', mood: 'negative' });
    expect(decisions[0].frustration).toBeGreaterThan(0.6);
    expect(decisions[0].toneReasons.join(' ')).toMatch(/calm mode/);
    expect(decisions[0].toolCalls.map((t) => t.name)).toContain('order_status');
    const [turn] = (await readTopic(prefix + Topics.dialogueTurnCompleted, (rs) => rs.some((r) => JSON.parse(r.value).inboundMessageId === id)))
      .map((r) => JSON.parse(r.value))
      .filter((t) => t.inboundMessageId === id);
    expect(turn).toMatchObject({ tone: 'calm', mood: 'negative', humanOffered: true, engine: 'offline' });
    expect(turn.intents).toContain('complaint');
  });

  it('erasing a customer deletes their conversation, turns and decision log', async () => {
    const { conversationId } = await dialogue.converse({ tenantId: TENANT, customerId: randomUUID(), text: 'How long does delivery take?', channelKind: CommonV1.ChannelKind.CHANNEL_KIND_API, locale: 'en', attachments: [], affectHints: undefined });
    const c = (await dialogue.getConversation({ tenantId: TENANT, conversationId, customerId: '' })).conversation!;
    const erase = service.app.get(EraseCustomerConversationsUseCase);
    const ds = service.app.get(DataSource);
    expect(await ds.transaction((m) => erase.execute(m, TENANT, c.customerId))).toBe(1);
    await expect(dialogue.getConversation({ tenantId: TENANT, conversationId, customerId: '' })).rejects.toMatchObject({ code: status.NOT_FOUND });
    expect(await ds.query(`SELECT count(*)::int AS n FROM turns WHERE conversation_id = $1`, [conversationId])).toEqual([{ n: 0 }]);
    expect(await ds.query(`SELECT count(*)::int AS n FROM decisions WHERE conversation_id = $1`, [conversationId])).toEqual([{ n: 0 }]);
  });

  it('rejects bad operator input and wrong-state transitions with clear codes', async () => {
    await expect(dialogue.operatorReply({ tenantId: TENANT, conversationId: randomUUID(), operatorId: 'op', text: 'x' })).rejects.toMatchObject({ code: status.NOT_FOUND });
    await expect(dialogue.operatorReply({ tenantId: TENANT, conversationId: randomUUID(), operatorId: 'op', text: '' })).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
    await expect(dialogue.converse({ tenantId: '', customerId: randomUUID(), text: 'hi', channelKind: CommonV1.ChannelKind.CHANNEL_KIND_API, locale: '', attachments: [], affectHints: undefined })).rejects.toMatchObject({ code: status.INVALID_ARGUMENT, errorCode: 'TENANT_REQUIRED' });
  });
});
