import { describe, expect, it } from 'vitest';
import { formatLocalDateTime, localDayRange } from './local-time.js';

describe('localDayRange', () => {
  it('gives the Shanghai calendar day around an instant', () => {
    // 23:30 UTC on 1 March is 07:30 on 2 March in Shanghai.
    const day = localDayRange(new Date('2026-03-01T23:30:00Z'), 'Asia/Shanghai');
    expect(day.start.toISOString()).toBe('2026-03-01T16:00:00.000Z');
    expect(day.end.toISOString()).toBe('2026-03-02T16:00:00.000Z');
  });

  it('handles month ends', () => {
    const day = localDayRange(new Date('2026-02-28T18:00:00Z'), 'Asia/Shanghai');
    expect(day.start.toISOString()).toBe('2026-02-28T16:00:00.000Z');
    expect(day.end.toISOString()).toBe('2026-03-01T16:00:00.000Z');
  });

  it('handles a zone whose offset changes that day (23-hour day)', () => {
    const day = localDayRange(new Date('2026-03-08T15:00:00Z'), 'America/New_York');
    expect(day.start.toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(day.end.toISOString()).toBe('2026-03-09T04:00:00.000Z');
  });
});

describe('formatLocalDateTime', () => {
  it('formats in the zone with a 24-hour clock', () => {
    expect(formatLocalDateTime(new Date('2026-03-01T16:05:09Z'), 'Asia/Shanghai')).toBe(
      '2026-03-02 00:05:09',
    );
  });
});
