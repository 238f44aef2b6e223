import { DAY_MS, ReplenishmentForecast } from './replenishment';

export type NextBestActionKind = 'reorder' | 'follow_up' | 'win_back' | 'nothing';

export interface NextBestAction {
  kind: NextBestActionKind;
  productId: string;
  reason: string;
  dueAt?: Date;
}

export interface NextBestActionInput {
  now: Date;
  forecasts: (ReplenishmentForecast & { suppressedReason?: string; plannedAt?: Date })[];
  /** From the tenant's BG/NBD; undefined before the model is fitted. */
  probabilityAlive?: number;
  repeatPurchases: number;
  lastOrderAt?: Date;
  lastOrderProductId?: string;
  /** A reorder is "now" when the planned outreach is within this many days. */
  reorderHorizonDays?: number;
  churnThreshold?: number;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/** The one thing worth doing for a customer now, with a reason an operator can read. */
export function nextBestAction(i: NextBestActionInput): NextBestAction {
  const horizon = (i.reorderHorizonDays ?? 3) * DAY_MS;
  const now = i.now.getTime();
  const churnThreshold = i.churnThreshold ?? 0.6;
  const live = i.forecasts.filter((f) => !f.suppressedReason).sort((a, b) => a.runOutAt.getTime() - b.runOutAt.getTime());
  if (i.probabilityAlive !== undefined && i.repeatPurchases > 0 && 1 - i.probabilityAlive >= churnThreshold) {
    const product = [...i.forecasts].sort((a, b) => b.intervalsObserved - a.intervalsObserved)[0]?.productId ?? i.lastOrderProductId ?? '';
    return {
      kind: 'win_back',
      productId: product,
      reason: `churn risk ${(1 - i.probabilityAlive).toFixed(2)}: ${i.repeatPurchases} repeat purchases, none since ${i.lastOrderAt ? day(i.lastOrderAt) : 'long ago'}`,
    };
  }
  const soon = live.find((f) => (f.plannedAt ?? f.runOutAt).getTime() - now <= horizon && f.runOutAt.getTime() + 14 * DAY_MS >= now);
  if (soon)
    return {
      kind: 'reorder',
      productId: soon.productId,
      dueAt: soon.plannedAt,
      reason: `${soon.productId} runs out around ${day(soon.runOutAt)} (band ${day(soon.bandStart)}..${day(soon.bandEnd)}, one pack lasts ~${soon.daysPerPack.toFixed(0)} days)`,
    };
  if (i.lastOrderAt && now - i.lastOrderAt.getTime() >= 2 * DAY_MS && now - i.lastOrderAt.getTime() <= 10 * DAY_MS)
    return { kind: 'follow_up', productId: i.lastOrderProductId ?? '', reason: `order of ${day(i.lastOrderAt)} should have arrived: ask how it went` };
  const next = live.find((f) => f.runOutAt.getTime() >= now);
  const suppressed = i.forecasts.find((f) => f.suppressedReason);
  return {
    kind: 'nothing',
    productId: next?.productId ?? '',
    reason: next
      ? `nothing due: next run-out ${next.productId} around ${day(next.runOutAt)}`
      : suppressed
        ? `nothing due: ${suppressed.productId} is covered (${suppressed.suppressedReason})`
        : 'nothing due: no purchase history to act on',
  };
}
