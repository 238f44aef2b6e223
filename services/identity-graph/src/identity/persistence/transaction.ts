import type { DataSource, EntityManager } from 'typeorm';
import { QueryFailedError } from 'typeorm';
import { IdentityErrorCode, IdentityException } from '../domain/identity.exception';

/** Thrown inside a transaction when what it read changed under it (e.g. a customer merged meanwhile): run it again. */
export class RetryTransaction extends Error {}

const RETRYABLE = new Set(['40001', '40P01', '23505']);

/**
 * Runs work in a transaction and retries it when Postgres reports a serialization failure,
 * a deadlock or a unique violation raced by a concurrent writer (the loser re-reads and finds the winner's row).
 */
export async function inTransaction<T>(ds: DataSource, work: (m: EntityManager) => Promise<T>, attempts = 6): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ds.transaction(work);
    } catch (err) {
      const code = err instanceof QueryFailedError ? (err.driverError as { code?: string }).code : undefined;
      if (!(err instanceof RetryTransaction) && (!code || !RETRYABLE.has(code))) throw err;
      if (attempt >= attempts)
        throw new IdentityException(IdentityErrorCode.Contention, 'too many concurrent changes to this customer; retry');
      await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 10));
    }
  }
}
