import { createHash, timingSafeEqual } from 'node:crypto';
import { InboundErrorCode, InboundException } from './inbound.exception';

const digest = (v: string) => createHash('sha256').update(v).digest();

/** Constant-time check of a shared-secret header: missing → 401, wrong → 403. */
export function verifySharedSecret(presented: string | undefined, expected: string | undefined, header: string): void {
  if (!presented) throw new InboundException(InboundErrorCode.SecretMissing, `missing ${header} header`);
  if (!expected || !timingSafeEqual(digest(presented), digest(expected)))
    throw new InboundException(InboundErrorCode.SecretInvalid, `wrong ${header}`);
}
