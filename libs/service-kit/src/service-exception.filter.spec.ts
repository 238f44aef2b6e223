import type { ErrorKind } from '@concierge/contracts';
import { httpStatusForKind } from './service-exception.filter';

describe('httpStatusForKind', () => {
  it.each<[ErrorKind, number]>([
    ['invalid', 400],
    ['unauthenticated', 401],
    ['permission_denied', 403],
    ['not_found', 404],
    ['already_exists', 409],
    ['conflict', 409],
    ['failed_precondition', 422],
    ['rate_limited', 429],
    ['unavailable', 503],
    ['deadline_exceeded', 504],
    ['internal', 500],
  ])('maps %s to HTTP %i', (kind, status) => {
    expect(httpStatusForKind(kind)).toBe(status);
  });
});
