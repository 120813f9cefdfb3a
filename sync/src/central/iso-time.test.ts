import { describe, expect, it } from 'vitest';
import { formatIsoTime, parseIsoTime } from './iso-time.js';

/** Spread over 1970-2200 by a fixed step (deterministic), plus the edges that matter. */
const instants = [
  0,
  1,
  999,
  86_399_999,
  86_400_000,
  Date.UTC(2024, 1, 29, 23, 59, 59, 999),
  Date.UTC(2100, 1, 28, 12),
  Date.UTC(2000, 1, 29),
  Date.UTC(9999, 11, 31, 23, 59, 59, 999),
  Date.UTC(10_000, 0, 1),
  -1,
  Date.UTC(1969, 11, 31),
  ...Array.from({ length: 20_000 }, (_, i) => Math.round(i * 362_912_345.677)),
];

describe('toISOString times without Date', () => {
  it('formats what toISOString formats', () => {
    const differing = instants.filter((ms) => formatIsoTime(ms) !== new Date(ms).toISOString());
    expect(differing).toEqual([]);
  });

  it('reads what Date.parse reads, in any form', () => {
    const texts = [
      ...instants.map((ms) => new Date(ms).toISOString()),
      '2026-02-29T10:00:00.000Z',
      '2026-02-30T10:00:00.000Z',
      '2026-13-01T10:00:00.000Z',
      '2026-03-02T24:00:00.000Z',
      '2026-03-02T23:59:60.000Z',
      '2026-03-02T10:00:00+08:00',
      '2026-03-02T10:00:00.123456789Z',
      '2026-03-02T10:0a:00.000Z',
    ];
    const differing = texts.filter((text) => !Object.is(parseIsoTime(text), Date.parse(text)));
    expect(differing).toEqual([]);
  });
});
