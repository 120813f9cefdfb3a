import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { ageOn, formatLocalDateTime, isIsoDate, localDate, localDayRange } from './local-time.js';

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

  it('throws a RangeError on an unknown zone (configuration validates zones)', () => {
    expect(() => localDayRange(new Date(), 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('localDate', () => {
  it('is the business day in the zone, not in UTC', () => {
    expect(localDate(new Date('2026-03-01T15:59:59Z'), 'Asia/Shanghai')).toBe('2026-03-01');
    expect(localDate(new Date('2026-03-01T16:00:00Z'), 'Asia/Shanghai')).toBe('2026-03-02');
    expect(localDate(new Date('2026-03-01T16:00:00Z'), 'UTC')).toBe('2026-03-01');
  });
});

describe('formatLocalDateTime', () => {
  it('formats in the zone with a 24-hour clock', () => {
    expect(formatLocalDateTime(new Date('2026-03-01T16:05:09Z'), 'Asia/Shanghai')).toBe(
      '2026-03-02 00:05:09',
    );
  });

  it('uses the zone, not the machine clock, across a date line (as a slip prints it)', () => {
    expect(formatLocalDateTime(new Date('2024-03-05T16:02:00Z'), 'Asia/Shanghai', 'minute')).toBe(
      '2024-03-06 00:02',
    );
    expect(formatLocalDateTime(new Date('2024-12-31T05:09:00Z'), 'Asia/Urumqi', 'minute')).toBe(
      '2024-12-31 11:09',
    );
  });

  it('drops the seconds at minute precision', () => {
    expect(formatLocalDateTime(new Date('2026-03-01T14:05:59Z'), 'Asia/Shanghai', 'minute')).toBe(
      '2026-03-01 22:05',
    );
  });
});

describe('isIsoDate', () => {
  it('accepts only real calendar dates in YYYY-MM-DD', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2000-13-01')).toBe(false);
    expect(isIsoDate('2000-1-01')).toBe(false);
    expect(isIsoDate('20000101')).toBe(false);
    expect(isIsoDate('2000-01-01T00:00')).toBe(false);
  });
});

describe('ageOn', () => {
  it('counts full years in the resident’s time zone, birthday included', () => {
    // 2026-06-15 00:00 in Shanghai is 2026-06-14 16:00 UTC.
    expect(ageOn('1961-06-15', new Date('2026-06-14T15:59:59Z'))).toBe(64);
    expect(ageOn('1961-06-15', new Date('2026-06-14T16:00:00Z'))).toBe(65);
    expect(ageOn('1961-06-15', new Date('2026-06-14T16:00:00Z'), 'UTC')).toBe(64);
  });

  it('makes someone born on 29 February a year older on 1 March in common years', () => {
    expect(ageOn('2000-02-29', new Date('2021-02-28T12:00:00Z'), 'UTC')).toBe(20);
    expect(ageOn('2000-02-29', new Date('2021-03-01T12:00:00Z'), 'UTC')).toBe(21);
    expect(ageOn('2000-02-29', new Date('2024-02-28T12:00:00Z'), 'UTC')).toBe(23);
    expect(ageOn('2000-02-29', new Date('2024-02-29T12:00:00Z'), 'UTC')).toBe(24);
  });

  it('differs from Luxon’s diff on 28 February, which is why the rule is explicit', () => {
    const birth = DateTime.fromISO('2000-02-29', { zone: 'UTC' });
    const feb28 = DateTime.fromISO('2021-02-28', { zone: 'UTC' });
    expect(Math.floor(feb28.diff(birth, 'years').years)).toBe(21);
    expect(ageOn('2000-02-29', feb28.toJSDate(), 'UTC')).toBe(20);
  });

  it('returns NaN for a malformed date, an invalid instant or an unknown zone', () => {
    expect(ageOn('2000-02-30', new Date())).toBeNaN();
    expect(ageOn('2000/01/01', new Date())).toBeNaN();
    expect(ageOn('2000-01-01', new Date(Number.NaN))).toBeNaN();
    expect(ageOn('2000-01-01', new Date(), 'Not/AZone')).toBeNaN();
  });
});
