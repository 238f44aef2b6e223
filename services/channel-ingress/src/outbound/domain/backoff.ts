/** Delay before attempt `attempt + 1`: exponential from base with ±20% jitter, capped; a provider's retry_after wins. */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number, retryAfterMs?: number, random = Math.random): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(exp * (0.8 + 0.4 * random()));
  return retryAfterMs !== undefined ? Math.min(Math.max(retryAfterMs, baseMs), Math.max(maxMs, retryAfterMs)) : Math.min(jittered, maxMs);
}
