import { CommonV1, IngressV1 } from './index';
import { eventForTopic, Events } from './events';
import { dlqTopic, Topics } from './topics';
import { fromTimestamp, toTimestamp } from './time';

describe('Events', () => {
  const descriptors = Object.entries(Events);

  it.each(descriptors)('%s has a topic named concierge.<domain>.<event>.v<major> that is a known topic', (_name, event) => {
    expect(event.topic).toMatch(/^concierge\.[a-z]+\.[a-z]+(-[a-z]+)*\.v[1-9]\d*$/);
    expect(Object.values(Topics)).toContain(event.topic);
  });

  it.each(descriptors)('%s has a ce_type in the same domain as its topic', (_name, event) => {
    const domain = event.topic.split('.')[1];
    expect(event.type).toMatch(new RegExp(`^concierge\\.${domain}\\.v\\d+\\.[A-Z][A-Za-z]+$`));
  });

  it('gives every topic exactly one descriptor, and every descriptor its own ce_type', () => {
    const topics = descriptors.map(([, e]) => e.topic);
    const types = descriptors.map(([, e]) => e.type);
    expect(new Set(types).size).toBe(types.length);
    expect(new Set(topics).size).toBe(topics.length);
    expect([...topics].sort()).toEqual(Object.values(Topics).sort());
  });

  it('finds the descriptor of a topic and refuses an unknown one', () => {
    expect(eventForTopic(Topics.dialogueReplyReady)).toBe(Events.replyReady);
    expect(() => eventForTopic('concierge.nothing.here.v1')).toThrow(/no event descriptor/);
  });

  it('names the dead-letter topic after the topic', () => {
    expect(dlqTopic('staging.concierge.ingress.message-received.v1')).toBe('staging.concierge.ingress.message-received.v1.dlq');
  });
});

describe('MessageReceived proto3 JSON', () => {
  const sentAt = new Date('2026-03-01T12:34:56.789Z');
  const receivedAt = new Date('2026-03-01T12:34:57.001Z');
  const payload: IngressV1.MessageReceived = {
    message: {
      ...IngressV1.InboundMessage.fromJSON({}),
      messageId: 'm-1',
      tenantId: 'acme',
      channelId: 'acme-telegram',
      channelKind: CommonV1.ChannelKind.CHANNEL_KIND_TELEGRAM,
      customerId: '6f1c1c4e-8a43-4f55-9a61-3a1f0b8f0f0a',
      externalUserId: '42',
      externalMessageId: '1001',
      text: 'Где мой заказ?',
      attachments: [
        { kind: 'photo', url: 'https://cdn.example/p.jpg', mimeType: 'image/jpeg', fileName: 'p.jpg', sizeBytes: '9007199254740993', externalId: 'f1' },
      ],
      locale: 'ru',
      sentAt: toTimestamp(sentAt),
      receivedAt: toTimestamp(receivedAt),
      affectHints: undefined,
      conversationRef: '',
    },
  };

  it('writes camelCase names, enum names, int64 as strings and RFC 3339 timestamps', () => {
    const json = JSON.parse(JSON.stringify(Events.messageReceived.codec.toJSON(payload)));
    expect(json).toEqual({
      message: {
        messageId: 'm-1',
        tenantId: 'acme',
        channelId: 'acme-telegram',
        channelKind: 'CHANNEL_KIND_TELEGRAM',
        customerId: '6f1c1c4e-8a43-4f55-9a61-3a1f0b8f0f0a',
        externalUserId: '42',
        externalMessageId: '1001',
        text: 'Где мой заказ?',
        attachments: [
          { kind: 'photo', url: 'https://cdn.example/p.jpg', mimeType: 'image/jpeg', fileName: 'p.jpg', sizeBytes: '9007199254740993', externalId: 'f1' },
        ],
        locale: 'ru',
        sentAt: '2026-03-01T12:34:56.789Z',
        receivedAt: '2026-03-01T12:34:57.001Z',
      },
    });
  });

  it('reads back what it wrote, through a JSON string as on the wire', () => {
    const wire = JSON.stringify(Events.messageReceived.codec.toJSON(payload));
    const back = Events.messageReceived.codec.fromJSON(JSON.parse(wire));
    expect(back).toEqual(payload);
    expect(fromTimestamp(back.message?.sentAt)).toEqual(sentAt);
  });

  it('reads snake_case names and enum numbers too, as proto3 JSON allows', () => {
    const back = Events.messageReceived.codec.fromJSON({
      message: { message_id: 'm-2', channel_kind: 1, sent_at: '2026-03-01T12:00:00Z', attachments: [{ size_bytes: 7 }] },
    });
    expect(back.message?.messageId).toBe('m-2');
    expect(back.message?.channelKind).toBe(CommonV1.ChannelKind.CHANNEL_KIND_WIDGET);
    expect(back.message?.attachments[0].sizeBytes).toBe('7');
    expect(fromTimestamp(back.message?.sentAt)).toEqual(new Date('2026-03-01T12:00:00Z'));
  });
});

describe('toTimestamp / fromTimestamp', () => {
  it.each(['2026-03-01T12:34:56.789Z', '2026-03-01T00:00:00.000Z', '2038-01-19T03:14:08.001Z', '1970-01-01T00:00:00.999Z'])(
    'round-trips %s with its milliseconds',
    (iso) => {
      const date = new Date(iso);
      const ts = toTimestamp(date);
      expect(typeof ts.seconds).toBe('string');
      expect(ts.nanos).toBe(date.getUTCMilliseconds() * 1_000_000);
      expect(fromTimestamp(ts)?.toISOString()).toBe(iso);
    },
  );

  it('splits a date into whole seconds and nanos', () => {
    expect(toTimestamp(new Date('2026-03-01T12:34:56.789Z'))).toEqual({ seconds: '1772368496', nanos: 789_000_000 });
  });

  it('keeps nanos within 0..999,999,999 and round-trips dates before 1970', () => {
    const date = new Date('1969-12-31T23:59:58.500Z');
    const ts = toTimestamp(date);
    expect(ts).toEqual({ seconds: '-2', nanos: 500_000_000 });
    expect(fromTimestamp(ts)).toEqual(date);
  });

  it('gives undefined for an absent timestamp', () => {
    expect(fromTimestamp(undefined)).toBeUndefined();
  });
});
