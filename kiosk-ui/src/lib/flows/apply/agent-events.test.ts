import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../agent/types.js';
import { applyEventOf } from './agent-events.js';

const NO_NOTICES = { warnings: [], announcements: [] };

type Report = Extract<AgentEvent, { type: 'device-state' }>['device'];
const printer = (state: 'ready' | 'paper-near-end' | 'no-paper' | 'cover-open'): Report => ({
  status: { device: 'printer', state },
  severity: state === 'ready' ? 'ok' : state === 'paper-near-end' ? 'warning' : 'fault',
});

describe('applyEventOf, the printer', () => {
  it('is unavailable while faulted and available again when ready or only near its paper end', () => {
    const available = (device: Report) => applyEventOf({ type: 'device-state', device });
    expect(available(printer('no-paper'))).toEqual({
      type: 'PRINTER_AVAILABILITY',
      available: false,
    });
    expect(available(printer('cover-open'))).toMatchObject({ available: false });
    expect(available(printer('ready'))).toMatchObject({ available: true });
    expect(available(printer('paper-near-end'))).toMatchObject({ available: true });
  });

  it('is restored from the resync on every (re)connection, with the reader', () => {
    const resync = (device: Report) =>
      applyEventOf({
        type: 'resync',
        devices: [device],
        card: 'not-watching',
        notices: NO_NOTICES,
      });
    expect(resync(printer('no-paper'))).toEqual({
      type: 'AGENT_RESYNC',
      printerAvailable: false,
      readerAvailable: true,
      card: 'not-watching',
    });
    expect(resync(printer('ready'))).toMatchObject({ printerAvailable: true });
  });
});
