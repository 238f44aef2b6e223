import { ChannelSecretsCipher } from './channel-secrets.cipher';

const secrets = { webhook_secret: 'whs-123', bot_token: '123456:ABC-DEF_ghi', note: 'ключ № 1' };

describe('ChannelSecretsCipher', () => {
  const cipher = new ChannelSecretsCipher('production-key-1');

  it('decrypts what it encrypted', () => {
    expect(cipher.decrypt(cipher.encrypt(secrets))).toEqual(secrets);
  });

  it('stores no secret in clear text and uses a fresh IV every time', () => {
    const a = cipher.encrypt(secrets);
    const b = cipher.encrypt(secrets);
    expect(a).toMatch(/^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(a).not.toContain('whs-123');
    expect(Buffer.from(a.split(':')[3], 'base64').toString('utf8')).not.toContain('whs-123');
    expect(a).not.toBe(b);
    expect(cipher.decrypt(b)).toEqual(secrets);
  });

  it('refuses a tampered ciphertext', () => {
    const [v, iv, tag, body] = cipher.encrypt(secrets).split(':');
    const bytes = Buffer.from(body, 'base64');
    bytes[0] ^= 0x01;
    expect(() => cipher.decrypt([v, iv, tag, bytes.toString('base64')].join(':'))).toThrow();
  });

  it('refuses a tampered auth tag or IV', () => {
    const [v, iv, tag, body] = cipher.encrypt(secrets).split(':');
    const flip = (b64: string) => {
      const b = Buffer.from(b64, 'base64');
      b[b.length - 1] ^= 0x80;
      return b.toString('base64');
    };
    expect(() => cipher.decrypt([v, iv, flip(tag), body].join(':'))).toThrow();
    expect(() => cipher.decrypt([v, flip(iv), tag, body].join(':'))).toThrow();
  });

  it('cannot be decrypted with another key', () => {
    const sealed = cipher.encrypt(secrets);
    expect(() => new ChannelSecretsCipher('production-key-2').decrypt(sealed)).toThrow();
  });

  it('refuses an unknown format and reads an empty value as no secrets', () => {
    const [, iv, tag, body] = cipher.encrypt(secrets).split(':');
    expect(() => cipher.decrypt(['v2', iv, tag, body].join(':'))).toThrow('unknown channel secret format');
    expect(cipher.decrypt('')).toEqual({});
  });
});
