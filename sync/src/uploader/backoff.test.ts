import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_RETRY_AFTER_MS, backoffDelayMs, parseRetryAfter, retryDelayMs } from './backoff.js';

describe('backoffDelayMs', () => {
  it('stays within [0, min(cap, base * 2^(n-1)))', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 600_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (failures, baseMs, r) => {
          const capMs = 300_000;
          const delay = backoffDelayMs({ failures, baseMs, capMs, random: () => r });
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThan(Math.max(1, Math.min(capMs, baseMs * 2 ** (failures - 1))));
        },
      ),
    );
  });

  it('doubles the ceiling per failure up to the cap', () => {
    const at = (failures: number) =>
      backoffDelayMs({ failures, baseMs: 10_000, capMs: 300_000, random: () => 0.5 });
    expect([1, 2, 3, 4, 5, 6, 7].map(at)).toEqual([
      5000, 10_000, 20_000, 40_000, 80_000, 150_000, 150_000,
    ]);
  });
});

describe('retryDelayMs', () => {
  it('never retries sooner than Retry-After, and caps absurd values', () => {
    const base = { failures: 1, baseMs: 10_000, capMs: 300_000, random: () => 0.1 };
    expect(retryDelayMs({ ...base, retryAfterMs: 120_000 })).toBe(120_000);
    expect(retryDelayMs({ ...base, retryAfterMs: 10 })).toBe(1000);
    expect(retryDelayMs({ ...base, retryAfterMs: 30 * 86_400_000 })).toBe(MAX_RETRY_AFTER_MS);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-03-02T02:00:00Z');
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Mon, 02 Mar 2026 02:01:30 GMT', now)).toBe(90_000);
    expect(parseRetryAfter('Mon, 02 Mar 2026 01:00:00 GMT', now)).toBe(0);
  });
  it('ignores absent or unreadable values', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
