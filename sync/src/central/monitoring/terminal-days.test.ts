import { describe, expect, it } from 'vitest';
import { lastDays, terminalDays } from './terminal-days.js';

const ZONE = 'Asia/Shanghai';
const NOW = new Date('2026-03-02T04:00:00.000Z'); // 12:00 on 2 March in Shanghai

describe('a terminal’s days', () => {
  it('splits presence and records at local midnight and stops at now', () => {
    const days = lastDays(NOW, 2, ZONE);
    expect(days.map((d) => [d.day, d.start.toISOString()])).toEqual([
      ['2026-03-01', '2026-02-28T16:00:00.000Z'],
      ['2026-03-02', '2026-03-01T16:00:00.000Z'],
    ]);
    const [sunday, monday] = terminalDays(
      days,
      NOW,
      [
        // Online from 22:00 on Sunday, offline from 09:00 on Monday, back at 11:00.
        { at: '2026-03-01T14:00:00.000Z', presence: 'online', previous: null },
        { at: '2026-03-02T01:00:00.000Z', presence: 'offline', previous: 'online' },
        { at: '2026-03-02T03:00:00.000Z', presence: 'online', previous: 'offline' },
      ],
      [
        // In service 23:00-01:00 across midnight, then a printer fault 08:00-08:30.
        { state: 'in-service', from: '2026-03-01T15:00:00.000Z', to: '2026-03-01T17:00:00.000Z' },
        { state: 'device-fault', from: '2026-03-02T00:00:00.000Z', to: '2026-03-02T00:30:00.000Z' },
      ],
    );
    expect(sunday?.observed).toMatchObject({ unknown: 22 * 3600, online: 2 * 3600 });
    expect(sunday?.reported).toEqual({
      inService: 3600,
      deviceFault: 0,
      closed: 0,
      off: 0,
      none: 23 * 3600,
    });
    // 00:00-09:00 and 11:00-12:00 online, 09:00-11:00 offline; 12 hours so far.
    expect(monday?.observed).toMatchObject({ online: 10 * 3600, offline: 2 * 3600, unknown: 0 });
    expect(monday?.reported).toEqual({
      inService: 3600,
      deviceFault: 1800,
      closed: 0,
      off: 0,
      none: 12 * 3600 - 5400,
    });
  });
});
