import { describe, expect, it } from 'vitest';
import { ticketEvent } from '../testing/fixtures.js';
import { asciiJson, asciiJsonBytes } from './ascii-json.js';

describe('JSON as the uploader sends it', () => {
  const value = {
    terminalId: 'T-1',
    event: ticketEvent(1, '2026-03-02T08:00:00.000Z', { serviceId: 'ss', serviceName: '社保业务' }),
    mixed: 'é ü 1号机 🙂 "quoted" \\ \n',
  };

  it('is ASCII bytes that parse to the same value', () => {
    const bytes = asciiJsonBytes(value);
    expect(bytes.every((b) => b < 0x80)).toBe(true);
    expect(JSON.parse(bytes.toString('utf8'))).toEqual(value);
  });

  it('escapes each non-ASCII character, a surrogate pair as two', () => {
    expect(asciiJson('社')).toBe('"\\u793e"');
    expect(asciiJson('é')).toBe('"\\u00e9"');
    expect(asciiJson('🙂')).toBe('"\\ud83d\\ude42"');
    expect(asciiJson({ a: 'plain' })).toBe(JSON.stringify({ a: 'plain' }));
  });
});
