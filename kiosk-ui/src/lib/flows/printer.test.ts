import { describe, expect, it } from 'vitest';
import { printerReported } from './printer.js';

describe('the printer as a flow hears of it', () => {
  it('takes a device change and a resync, and keeps what it knew for anything else', () => {
    expect(printerReported({ type: 'PRINTER_AVAILABILITY', available: false } as never, true)).toBe(
      false,
    );
    const resync = { type: 'AGENT_RESYNC', readerAvailable: false, printerAvailable: true };
    expect(printerReported(resync, false)).toBe(true);
    expect(printerReported({ type: 'READER_AVAILABILITY', available: true } as never, false)).toBe(
      false,
    );
  });
});
