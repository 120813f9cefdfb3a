import { describe, expect, it } from 'vitest';
import { ticketEvent } from '../testing/fixtures.js';
import { asciiJson } from './ascii-json.js';
import { withinBytes } from './batch-bytes.js';

const at = '2026-03-02T08:00:00.000Z';
const events = Array.from({ length: 10 }, (_, i) => ticketEvent(i + 1, at));
const size = (n: number) => asciiJson(events.slice(0, n)).length;

describe('a batch capped by bytes', () => {
  it('keeps every event that fits, from the first', () => {
    expect(withinBytes(events, size(10))).toHaveLength(10);
    expect(withinBytes(events, size(4))).toEqual(events.slice(0, 4));
    // One byte short of four events' JSON: three go.
    expect(withinBytes(events, size(4) - 1)).toEqual(events.slice(0, 3));
  });

  it('counts the bytes sent, a non-ASCII character as its 6-byte escape', () => {
    // 社保业务 is 4 characters, 12 bytes of UTF-8 and 24 escaped.
    const chinese = Array.from({ length: 2 }, (_, i) =>
      ticketEvent(i + 1, at, { serviceId: 'ss', serviceName: '社保业务' }),
    );
    expect(withinBytes(chinese, asciiJson(chinese).length)).toHaveLength(2);
    expect(withinBytes(chinese, Buffer.byteLength(JSON.stringify(chinese)))).toHaveLength(1);
  });

  it('sends one event even when it alone is over the limit', () => {
    expect(withinBytes(events, 10)).toEqual(events.slice(0, 1));
    expect(withinBytes([], 10)).toEqual([]);
  });
});
