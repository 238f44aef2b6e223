import { parseTelegramUpdate } from './telegram-update';
import { InboundErrorCode } from './inbound.exception';

const malformed = expect.objectContaining({ kind: 'invalid', code: InboundErrorCode.MalformedUpdate });

const update = (message: Record<string, unknown> | undefined, extra: Record<string, unknown> = {}) => ({
  update_id: 900001,
  ...(message === undefined ? {} : { message }),
  ...extra,
});

const textMessage = {
  message_id: 7,
  date: 1700000000,
  chat: { id: 42, type: 'private' },
  from: { id: 42, is_bot: false, first_name: 'Anna', last_name: 'Petrova', language_code: 'ru' },
  text: '  Where is my order?  ',
};

describe('parseTelegramUpdate', () => {
  it('reads a text message: ids as strings, display name, language and date', () => {
    expect(parseTelegramUpdate(update(textMessage))).toMatchObject({
      updateId: 900001,
      chatId: '42',
      userId: '42',
      displayName: 'Anna Petrova',
      languageCode: 'ru',
      text: '  Where is my order?  ',
      sentAt: new Date('2023-11-14T22:13:20.000Z'),
    });
  });

  it('uses the first name alone when there is no last name, and no language when none is sent', () => {
    const parsed = parseTelegramUpdate(update({ ...textMessage, from: { id: 42, is_bot: false, first_name: 'Anna' } }));
    expect(parsed?.displayName).toBe('Anna');
    expect(parsed?.languageCode).toBe('');
  });

  it('keeps a group chat id apart from the sender id', () => {
    const parsed = parseTelegramUpdate(update({ ...textMessage, chat: { id: -1001234567890, type: 'supergroup' } }));
    expect(parsed?.chatId).toBe('-1001234567890');
    expect(parsed?.userId).toBe('42');
  });

  it('cuts the text at 4096 characters, the Telegram maximum', () => {
    expect(parseTelegramUpdate(update({ ...textMessage, text: 'a'.repeat(5000) }))?.text).toHaveLength(4096);
  });

  it('ignores an update that carries nothing for the agent (e.g. a poll or a chat member change)', () => {
    expect(parseTelegramUpdate(update(undefined, { my_chat_member: { chat: { id: 1 } } }))).toBeUndefined();
  });

  it('reads an edited message as an edit, dated by edit_date', () => {
    const parsed = parseTelegramUpdate(update(undefined, { edited_message: { ...textMessage, text: 'fixed', edit_date: 1700000100 } }));
    expect(parsed).toMatchObject({ edited: true, text: 'fixed', messageId: '7', sentAt: new Date(1700000100 * 1000) });
  });

  it('takes the largest photo size, a document and a voice note as attachments, with the caption as text', () => {
    const parsed = parseTelegramUpdate(
      update({
        ...textMessage,
        text: undefined,
        caption: 'is this broken?',
        photo: [{ file_id: 'small', file_size: 100, width: 90 }, { file_id: 'large', file_size: 9000, width: 1280 }],
        document: { file_id: 'doc1', file_name: 'invoice.pdf', mime_type: 'application/pdf', file_size: 2048 },
        voice: { file_id: 'voice1', duration: 3, mime_type: 'audio/ogg', file_size: 5000 },
      }),
    );
    expect(parsed?.text).toBe('is this broken?');
    expect(parsed?.attachments).toEqual([
      { kind: 'image', url: '', mimeType: 'image/jpeg', fileName: '', sizeBytes: 9000, externalId: 'large' },
      { kind: 'document', url: '', mimeType: 'application/pdf', fileName: 'invoice.pdf', sizeBytes: 2048, externalId: 'doc1' },
      { kind: 'voice', url: '', mimeType: 'audio/ogg', fileName: '', sizeBytes: 5000, externalId: 'voice1' },
    ]);
  });

  it('reads the /start deep-link payload', () => {
    expect(parseTelegramUpdate(update({ ...textMessage, text: '/start promo-spring' }))).toMatchObject({ startPayload: 'promo-spring', text: '/start promo-spring' });
    expect(parseTelegramUpdate(update({ ...textMessage, text: '/start' }))).toMatchObject({ startPayload: '', text: '/start' });
  });

  it('turns a callback_query into a message carrying the button data', () => {
    const parsed = parseTelegramUpdate(
      update(undefined, { callback_query: { id: 'cbq-1', from: { id: 42, first_name: 'Anna' }, message: { message_id: 99, chat: { id: 42 } }, data: 'confirm:q-1' } }),
    );
    expect(parsed).toMatchObject({ callbackQueryId: 'cbq-1', callbackData: 'confirm:q-1', text: 'confirm:q-1', chatId: '42', userId: '42', replyToMessageId: '99' });
  });

  it.each([
    ['empty text', { ...textMessage, text: '' }],
    ['blank text', { ...textMessage, text: ' \n\t ' }],
  ])('ignores a message with %s', (_what, message) => {
    expect(parseTelegramUpdate(update(message))).toBeUndefined();
  });

  it.each([
    ['null', null],
    ['a string', 'update'],
    ['an array', [update(textMessage)]],
  ])('refuses a body that is %s', (_what, body) => {
    expect(() => parseTelegramUpdate(body)).toThrow(malformed);
  });

  it.each([
    ['missing', { message: textMessage }],
    ['a string', { update_id: '900001', message: textMessage }],
    ['fractional', { update_id: 1.5, message: textMessage }],
  ])('refuses an update_id that is %s', (_what, body) => {
    expect(() => parseTelegramUpdate(body)).toThrow(malformed);
  });

  it.each([
    ['no chat', { ...textMessage, chat: undefined }],
    ['a chat that is not an object', { ...textMessage, chat: 42 }],
    ['a chat id that is a string', { ...textMessage, chat: { id: '42' } }],
    ['no sender', { ...textMessage, from: undefined }],
    ['a sender id that is not an integer', { ...textMessage, from: { id: 4.2 } }],
  ])('refuses a message with %s', (_what, message) => {
    expect(() => parseTelegramUpdate(update(message))).toThrow(malformed);
  });

  it('refuses a message that is not an object', () => {
    expect(() => parseTelegramUpdate({ update_id: 1, message: 'hello' })).toThrow(malformed);
  });
});
