import { checkLogin, cookieValue, issueSession, readSession } from './console-session';

describe('console session', () => {
  it('round-trips a signed session and rejects tampering and expiry', () => {
    const v = issueSession('s'.repeat(20), 'acme', 'acme');
    expect(readSession('s'.repeat(20), v)).toMatchObject({ tenantId: 'acme' });
    expect(readSession('x'.repeat(20), v)).toBeUndefined();
    const [body, sig] = v.split('.');
    const forged = Buffer.from(JSON.stringify({ tenantId: 'globex', user: 'x', expiresAt: Date.now() + 1e6 })).toString('base64url');
    expect(readSession('s'.repeat(20), `${forged}.${sig}`)).toBeUndefined();
    expect(readSession('s'.repeat(20), `${body}.${sig}`, Date.now() + 13 * 3_600_000)).toBeUndefined();
  });

  it('reads cookies and checks logins by password or tenant API key', () => {
    expect(cookieValue('a=1; concierge_console=abc.def', 'concierge_console')).toBe('abc.def');
    const passwords = new Map([['acme', 'acme-pass']]);
    const keys = new Map([['globex-secret-key', 'globex']]);
    expect(checkLogin('acme', 'acme-pass', passwords, keys)).toBe(true);
    expect(checkLogin('acme', 'wrong', passwords, keys)).toBe(false);
    expect(checkLogin('globex', 'globex-secret-key', passwords, keys)).toBe(true);
    expect(checkLogin('acme', 'globex-secret-key', passwords, keys)).toBe(false);
  });
});
