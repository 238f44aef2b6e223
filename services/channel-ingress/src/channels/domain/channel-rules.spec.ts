import { CommonV1 } from '@concierge/contracts';
import { validateChannelId, validateKind, validateSecrets } from './channel-rules';
import { ChannelErrorCode } from './channel.exception';

const Kind = CommonV1.ChannelKind;

describe('validateSecrets', () => {
  it('accepts a telegram channel with a webhook secret and a bot token', () => {
    expect(() => validateSecrets(Kind.CHANNEL_KIND_TELEGRAM, { webhook_secret: 's3cret', bot_token: '123:abc' })).not.toThrow();
  });

  it.each([
    [{}, 'webhook_secret, bot_token'],
    [{ webhook_secret: 's3cret' }, 'bot_token'],
    [{ bot_token: '123:abc', webhook_secret: '' }, 'webhook_secret'],
  ])('refuses telegram secrets %j, naming what is missing', (given, missing) => {
    expect(() => validateSecrets(Kind.CHANNEL_KIND_TELEGRAM, given)).toThrow(
      expect.objectContaining({ kind: 'invalid', code: ChannelErrorCode.MissingSecret, message: expect.stringContaining(`needs secrets: ${missing}`) }),
    );
  });

  it('needs no secrets for the widget', () => {
    expect(() => validateSecrets(Kind.CHANNEL_KIND_WIDGET, {})).not.toThrow();
  });
});

describe('validateChannelId / validateKind', () => {
  it.each(['demo-telegram', 'abc', 'a'.repeat(63)])('accepts the channel id %j', (id) => {
    expect(validateChannelId(id)).toBe(id);
  });

  it.each(['ab', 'Demo', '-demo', 'demo_telegram', 'a'.repeat(64), 'demo telegram'])('refuses the channel id %j', (id) => {
    expect(() => validateChannelId(id)).toThrow(expect.objectContaining({ code: ChannelErrorCode.InvalidChannelId }));
  });

  it('requires a real channel kind', () => {
    expect(validateKind(Kind.CHANNEL_KIND_TELEGRAM)).toBe(Kind.CHANNEL_KIND_TELEGRAM);
    for (const kind of [Kind.CHANNEL_KIND_UNSPECIFIED, Kind.UNRECOGNIZED])
      expect(() => validateKind(kind)).toThrow(expect.objectContaining({ code: ChannelErrorCode.KindRequired }));
  });
});
