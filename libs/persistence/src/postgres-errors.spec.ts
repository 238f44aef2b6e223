import { QueryFailedError } from 'typeorm';
import { isUniqueViolation } from './postgres-errors';

const failure = (code: string, constraint?: string) =>
  new QueryFailedError('INSERT …', [], Object.assign(new Error('driver error'), { code, constraint }));

describe('isUniqueViolation', () => {
  it('recognises SQLSTATE 23505, optionally for one named constraint', () => {
    expect(isUniqueViolation(failure('23505', 'channels_pkey'))).toBe(true);
    expect(isUniqueViolation(failure('23505', 'channels_pkey'), 'channels_pkey')).toBe(true);
    expect(isUniqueViolation(failure('23505', 'other_key'), 'channels_pkey')).toBe(false);
  });

  it('is false for other database errors and for errors that are not query failures', () => {
    expect(isUniqueViolation(failure('23503'))).toBe(false);
    expect(isUniqueViolation(Object.assign(new Error('x'), { code: '23505' }))).toBe(false);
    expect(isUniqueViolation(undefined)).toBe(false);
  });
});
