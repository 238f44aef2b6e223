import { nextBestAction } from './next-best-action';
import { forecastReplenishment } from './replenishment';

const coffee = forecastReplenishment('coffee', [
  { at: new Date('2026-03-01T10:00:00Z'), quantity: 1 },
  { at: new Date('2026-03-29T10:00:00Z'), quantity: 1 },
  { at: new Date('2026-04-26T10:00:00Z'), quantity: 1 },
], undefined)!;

describe('next best action', () => {
  it('reorders when a run-out is near, with a reason', () => {
    const a = nextBestAction({ now: new Date('2026-05-21T10:00:00Z'), forecasts: [coffee], repeatPurchases: 2, probabilityAlive: 0.9 });
    expect(a).toMatchObject({ kind: 'reorder', productId: 'coffee' });
    expect(a.reason).toMatch(/coffee runs out around 2026-05-24/);
  });

  it('wins back a customer the model thinks is gone', () => {
    expect(nextBestAction({ now: new Date('2026-09-01T10:00:00Z'), forecasts: [coffee], repeatPurchases: 2, probabilityAlive: 0.2, lastOrderAt: coffee.lastPurchasedAt })).toMatchObject({ kind: 'win_back', productId: 'coffee' });
  });

  it('follows up after a recent order, and otherwise does nothing, saying why', () => {
    const now = new Date('2026-04-30T10:00:00Z');
    expect(nextBestAction({ now, forecasts: [coffee], repeatPurchases: 2, probabilityAlive: 0.9, lastOrderAt: new Date('2026-04-26T10:00:00Z'), lastOrderProductId: 'coffee' })).toMatchObject({ kind: 'follow_up' });
    const nothing = nextBestAction({ now: new Date('2026-05-10T10:00:00Z'), forecasts: [coffee], repeatPurchases: 2, probabilityAlive: 0.9, lastOrderAt: new Date('2026-04-26T10:00:00Z') });
    expect(nothing).toMatchObject({ kind: 'nothing' });
    expect(nothing.reason).toMatch(/next run-out coffee/);
    expect(nextBestAction({ now: new Date('2026-05-21T10:00:00Z'), forecasts: [{ ...coffee, suppressedReason: 'in_cart' }], repeatPurchases: 2 })).toMatchObject({ kind: 'nothing', reason: expect.stringMatching(/in_cart/) });
  });
});
