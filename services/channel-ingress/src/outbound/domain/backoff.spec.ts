import { retryDelayMs } from './backoff';
import { escapeMarkdownV2 } from './markdown-v2';

describe('retryDelayMs', () => {
  const mid = () => 0.5;
  it('doubles from the base and stops at the cap', () => {
    expect([1, 2, 3, 4].map((a) => retryDelayMs(a, 500, 3000, undefined, mid))).toEqual([500, 1000, 2000, 3000]);
  });
  it('honours the provider retry_after over the backoff, even above the cap', () => {
    expect(retryDelayMs(1, 500, 3000, 7000, mid)).toBe(7000);
    expect(retryDelayMs(5, 500, 3000, 100, mid)).toBe(500);
  });
  it('jitters within ±20%', () => {
    expect(retryDelayMs(2, 1000, 60_000, undefined, () => 0)).toBe(1600);
    expect(retryDelayMs(2, 1000, 60_000, undefined, () => 1)).toBe(2400);
  });
});

describe('escapeMarkdownV2', () => {
  it('escapes every character Telegram reserves, and the backslash', () => {
    expect(escapeMarkdownV2('Total: 1.500 (-10%)! *sale* _now_ [x] a=b #1 {ok} |p| ~s~ `c` > q + \\')).toBe(
      'Total: 1\\.500 \\(\\-10%\\)\\! \\*sale\\* \\_now\\_ \\[x\\] a\\=b \\#1 \\{ok\\} \\|p\\| \\~s\\~ \\`c\\` \\> q \\+ \\\\',
    );
  });
  it('leaves letters, digits and Cyrillic alone', () => {
    expect(escapeMarkdownV2('Привет 123')).toBe('Привет 123');
  });
});
