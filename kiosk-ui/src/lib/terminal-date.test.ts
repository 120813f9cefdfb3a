import { describe, expect, it } from 'vitest';
import { terminalDate } from './terminal-date.js';

describe('terminalDate', () => {
  it("is the terminal zone's date, not UTC's or the browser's", () => {
    // 16:30 UTC is half past midnight of the next day in Shanxi.
    const instant = new Date('2026-11-28T16:30:00Z');
    expect(terminalDate(instant, 'Asia/Shanghai')).toBe('2026-11-29');
    expect(terminalDate(instant, 'UTC')).toBe('2026-11-28');
    expect(terminalDate(instant, 'America/Los_Angeles')).toBe('2026-11-28');
  });

  it('pads months and days', () => {
    expect(terminalDate(new Date('2026-01-05T03:00:00Z'), 'Asia/Shanghai')).toBe('2026-01-05');
  });
});
