import { parseWidgetMessage, validateVisitorId } from './widget-message';
import { InboundErrorCode } from '../../inbound/domain/inbound.exception';

const invalid = (message?: RegExp) =>
  expect.objectContaining({ kind: 'invalid', code: InboundErrorCode.InvalidMessage, ...(message ? { message: expect.stringMatching(message) } : {}) });

const VISITOR = 'v_0123456789abcdef';

describe('validateVisitorId', () => {
  it.each(['abcdefgh', 'A-b_9'.padEnd(128, 'x'), VISITOR])('accepts %j', (id) => {
    expect(validateVisitorId(id)).toBe(id);
  });

  it.each(['short', 'x'.repeat(129), 'has space1', 'semi;colon', '../../etc', 12345678, undefined])('refuses %j', (id) => {
    expect(() => validateVisitorId(id)).toThrow(invalid(/visitorId/));
  });
});

describe('parseWidgetMessage', () => {
  it('reads a message, trimming the text and keeping the optional fields', () => {
    expect(parseWidgetMessage({ visitorId: VISITOR, text: '  How much is delivery? ', clientMessageId: 'c-1', locale: 'en-GB', name: 'Anna' }, 100)).toMatchObject({
      visitorId: VISITOR,
      text: 'How much is delivery?',
      clientMessageId: 'c-1',
      locale: 'en-GB',
      displayName: 'Anna',
    });
  });

  it('defaults the optional fields', () => {
    expect(parseWidgetMessage({ visitorId: VISITOR, text: 'hi' }, 100)).toMatchObject({ visitorId: VISITOR, text: 'hi', clientMessageId: undefined, locale: '', displayName: '' });
  });

  it('caps the locale and display name', () => {
    const m = parseWidgetMessage({ visitorId: VISITOR, text: 'hi', locale: 'x'.repeat(40), name: 'n'.repeat(300) }, 100);
    expect(m.locale).toHaveLength(16);
    expect(m.displayName).toHaveLength(200);
  });

  it.each([null, 'text', [1], 42])('refuses the body %j', (body) => {
    expect(() => parseWidgetMessage(body, 100)).toThrow(invalid(/JSON object/));
  });

  it.each([undefined, '', '   ', 42])('refuses the text %j', (text) => {
    expect(() => parseWidgetMessage({ visitorId: VISITOR, text }, 100)).toThrow(invalid(/text/));
  });

  it('accepts text of the maximum length and refuses one character more', () => {
    expect(parseWidgetMessage({ visitorId: VISITOR, text: 'a'.repeat(100) }, 100).text).toHaveLength(100);
    expect(() => parseWidgetMessage({ visitorId: VISITOR, text: 'a'.repeat(101) }, 100)).toThrow(invalid(/at most 100/));
  });

  it.each(['', 'has space', 'x'.repeat(129), 7])('refuses the clientMessageId %j', (clientMessageId) => {
    expect(() => parseWidgetMessage({ visitorId: VISITOR, text: 'hi', clientMessageId }, 100)).toThrow(invalid(/clientMessageId/));
  });

  it('refuses a bad visitor id before looking at the text', () => {
    expect(() => parseWidgetMessage({ visitorId: 'bad', text: 'hi' }, 100)).toThrow(invalid(/visitorId/));
  });
});
