import { describe, expect, it } from 'vitest';
import { sessionEventOf } from './agent-events.js';

const NO_NOTICES = { warnings: [], announcements: [] };

const storageReady = { status: { device: 'storage', state: 'ready' }, severity: 'ok' } as const;
const storageReadOnly = {
  status: { device: 'storage', state: 'read-only' },
  severity: 'fault',
} as const;

describe('the agent events the session takes', () => {
  it('takes whether storage can record a ticket, from a resync or a device change', () => {
    expect(
      sessionEventOf({
        type: 'resync',
        devices: [storageReadOnly],
        card: 'none',
        notices: NO_NOTICES,
      }),
    ).toEqual({
      type: 'AGENT_RESYNC',
      serviceAvailable: false,
      readerAvailable: true,
      printerAvailable: true,
    });
    expect(sessionEventOf({ type: 'device-state', device: storageReady })).toEqual({
      type: 'SERVICE_AVAILABILITY',
      available: true,
    });
  });

  it('takes whether a card can be read, from a resync or a device change', () => {
    const readerOffline = {
      status: { device: 'idCardReader', state: 'reader-offline' },
      severity: 'fault',
    } as const;
    expect(
      sessionEventOf({
        type: 'resync',
        devices: [storageReady, readerOffline],
        card: 'none',
        notices: NO_NOTICES,
      }),
    ).toEqual({
      type: 'AGENT_RESYNC',
      serviceAvailable: true,
      readerAvailable: false,
      printerAvailable: true,
    });
    expect(sessionEventOf({ type: 'device-state', device: readerOffline })).toEqual({
      type: 'READER_AVAILABILITY',
      available: false,
    });
  });

  it('takes whether a guide can be printed, from a resync or a device change', () => {
    const noPaper = {
      status: { device: 'printer', state: 'no-paper' },
      severity: 'fault',
    } as const;
    expect(
      sessionEventOf({ type: 'resync', devices: [noPaper], card: 'none', notices: NO_NOTICES }),
    ).toMatchObject({ type: 'AGENT_RESYNC', printerAvailable: false });
    expect(sessionEventOf({ type: 'device-state', device: noPaper })).toEqual({
      type: 'PRINTER_AVAILABILITY',
      available: false,
    });
  });

  it('leaves card events to the flows that read cards', () => {
    expect(sessionEventOf({ type: 'card-removed' })).toBeNull();
  });

  it("takes a counter's request for a rating, with the service only", () => {
    expect(
      sessionEventOf({
        type: 'rating-requested',
        request: { counter: 2, counterName: '2号窗口', serviceId: 'medical-insurance' },
      }),
    ).toEqual({ type: 'RATING_REQUESTED', serviceId: 'medical-insurance' });
  });
});
