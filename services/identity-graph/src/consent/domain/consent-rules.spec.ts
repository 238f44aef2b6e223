import { decideConsent } from './consent-rules';

const at = (iso: string) => new Date(iso);

describe('decideConsent', () => {
  it('denies marketing and allows service when nothing was recorded', () => {
    expect(decideConsent('CONSENT_PURPOSE_MARKETING', 'CHANNEL_KIND_TELEGRAM', [])).toMatchObject({ allowed: false, explicit: false });
    expect(decideConsent('CONSENT_PURPOSE_SERVICE', 'CHANNEL_KIND_TELEGRAM', [])).toMatchObject({ allowed: true, explicit: false });
  });

  it('lets a later revoke on every channel override an earlier grant on one channel', () => {
    const d = decideConsent('CONSENT_PURPOSE_MARKETING', 'CHANNEL_KIND_TELEGRAM', [
      { channelKind: 'CHANNEL_KIND_TELEGRAM', granted: true, source: 'widget', updatedAt: at('2025-01-01T00:00:00Z') },
      { channelKind: '', granted: false, source: 'chat', updatedAt: at('2025-02-01T00:00:00Z') },
    ]);
    expect(d).toMatchObject({ allowed: false, explicit: true, source: 'chat' });
    expect(d.reason).toMatch(/revoked on every channel by chat/);
  });

  it('ignores choices made for other channels', () => {
    const d = decideConsent('CONSENT_PURPOSE_MARKETING', 'CHANNEL_KIND_EMAIL', [
      { channelKind: 'CHANNEL_KIND_TELEGRAM', granted: true, source: 'bot', updatedAt: at('2025-01-01T00:00:00Z') },
    ]);
    expect(d.allowed).toBe(false);
  });
});
