import { verifySharedSecret } from './webhook-secret';
import { InboundErrorCode } from './inbound.exception';

const HEADER = 'X-Telegram-Bot-Api-Secret-Token';

describe('verifySharedSecret', () => {
  it('accepts the configured secret', () => {
    expect(() => verifySharedSecret('demo-telegram-secret', 'demo-telegram-secret', HEADER)).not.toThrow();
  });

  it('refuses a request without the header as unauthenticated, naming the header', () => {
    for (const presented of [undefined, '']) {
      expect(() => verifySharedSecret(presented, 'demo-telegram-secret', HEADER)).toThrow(
        expect.objectContaining({ kind: 'unauthenticated', code: InboundErrorCode.SecretMissing, message: `missing ${HEADER} header` }),
      );
    }
  });

  it.each(['demo-telegram-secreT', 'demo-telegram-secret ', 'demo', 'demo-telegram-secret-and-more'])(
    'refuses the wrong secret %j as permission denied',
    (presented) => {
      expect(() => verifySharedSecret(presented, 'demo-telegram-secret', HEADER)).toThrow(
        expect.objectContaining({ kind: 'permission_denied', code: InboundErrorCode.SecretInvalid }),
      );
    },
  );

  it('refuses every secret when none is configured', () => {
    for (const expected of [undefined, '']) {
      expect(() => verifySharedSecret('anything', expected, HEADER)).toThrow(expect.objectContaining({ code: InboundErrorCode.SecretInvalid }));
    }
  });
});
