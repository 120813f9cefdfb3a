import { describe, expect, it } from 'vitest';
import { ticketEvent } from '../testing/fixtures.js';
import { withinBytes } from './batch-bytes.js';

const at = '2026-03-02T08:00:00.000Z';
const events = Array.from({ length: 10 }, (_, i) => ticketEvent(i + 1, at));
const size = (n: number) => Buffer.byteLength(JSON.stringify(events.slice(0, n)));

describe('a batch capped by bytes', () => {
  it('keeps every event that fits, from the first', () => {
    expect(withinBytes(events, size(10))).toHaveLength(10);
    expect(withinBytes(events, size(4))).toEqual(events.slice(0, 4));
    // One byte short of four events' JSON: three go.
    expect(withinBytes(events, size(4) - 1)).toEqual(events.slice(0, 3));
  });

  it('counts UTF-8 bytes, not characters', () => {
    // 社保业务 is 4 characters and 12 bytes.
    const chinese = Array.from({ length: 2 }, (_, i) =>
      ticketEvent(i + 1, at, { serviceId: 'ss', serviceName: '社保业务' }),
    );
    expect(withinBytes(chinese, Buffer.byteLength(JSON.stringify(chinese)))).toHaveLength(2);
    expect(withinBytes(chinese, JSON.stringify(chinese).length)).toHaveLength(1);
  });

  it('sends one event even when it alone is over the limit', () => {
    expect(withinBytes(events, 10)).toEqual(events.slice(0, 1));
    expect(withinBytes([], 10)).toEqual([]);
  });
});
