import { describe, expect, it } from 'vitest';
import { OPEN_ALL_DAY, createServiceCalendar } from './calendar.js';

const ZONE = 'Asia/Shanghai';
// Monday 2 March 2026 in Shanghai (UTC+8).
const at = (hhmm: string, day = '02') => new Date(`2026-03-${day}T${hhmm}:00.000+08:00`);

describe('whether a community is closed at an instant', () => {
  const calendar = createServiceCalendar(
    {
      ...OPEN_ALL_DAY,
      serviceHours: [{ days: [1, 2, 3, 4, 5], open: '08:30', close: '17:30' }],
      holidays: ['2026-03-03'],
    },
    [],
  );
  const closedAt = (instant: Date) => calendar.closedAt('140902001001', instant, ZONE);

  it('gives the same answer until the boundary it names, and a new one from there, in any order', () => {
    expect(closedAt(at('16:00'))).toEqual({ closed: false, until: at('17:30') });
    expect(closedAt(at('17:29'))).toEqual({ closed: false, until: at('17:30') });
    expect(closedAt(at('17:30'))).toEqual({ closed: true, until: at('00:00', '03') });
    // Earlier than the answer kept: computed again, not taken from it.
    expect(closedAt(at('08:00'))).toEqual({ closed: true, until: at('08:30') });
    expect(closedAt(at('08:30'))).toEqual({ closed: false, until: at('17:30') });
    // The holiday is closed all day.
    expect(closedAt(at('10:00', '03'))).toEqual({ closed: true, until: at('00:00', '04') });
    expect(closedAt(at('10:00', '04'))).toEqual({ closed: false, until: at('17:30', '04') });
  });
});
