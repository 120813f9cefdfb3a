import { describe, expect, it } from 'vitest';
import { computePresence } from './presence.js';
import { correctedTime, eventTime } from './corrected-time.js';

const ready = { idCardReader: 'ready', printer: 'ready' };
const seen = (lastSeenAt: string | null, devices = ready, closed = false) => ({
  lastSeenAt,
  intervalSeconds: 60,
  devices,
  closed,
});

describe('computePresence', () => {
  const now = new Date('2026-03-02T02:00:00Z');
  it('is unknown without a heartbeat', () => {
    expect(computePresence(seen(null), now)).toBe('unknown');
  });
  it('is degraded when the card reader is not ready', () => {
    const devices = { idCardReader: 'offline', printer: 'ready' };
    expect(computePresence(seen('2026-03-02T01:59:00Z', devices), now)).toBe('degraded');
  });
  it('is offline, not degraded, once three heartbeats and half an interval are missed', () => {
    const devices = { idCardReader: 'ready', printer: 'no-paper' };
    expect(computePresence(seen('2026-03-02T01:56:30Z', devices), now)).toBe('degraded');
    expect(computePresence(seen('2026-03-02T01:56:29Z', devices), now)).toBe('offline');
    expect(computePresence(seen('2026-03-02T01:55:30Z', devices), now, 4)).toBe('degraded');
  });
  it('is closed outside service hours, whatever the heartbeat says, once ever seen', () => {
    expect(computePresence(seen('2026-03-01T01:00:00Z', ready, true), now)).toBe('closed');
    expect(computePresence(seen(null, ready, true), now)).toBe('unknown');
  });
});

describe('correctedTime', () => {
  const at = (iso: string) => new Date(iso);
  it('shifts by the terminal clock offset', () => {
    // Terminal clock 1 h fast; event 10 min before sending.
    const corrected = correctedTime(
      at('2026-03-02T02:50:00Z'),
      at('2026-03-02T03:00:00Z'),
      at('2026-03-02T02:00:05Z'),
    );
    expect(corrected.toISOString()).toBe('2026-03-02T01:50:05.000Z');
  });
  it('never dates an event after its receipt', () => {
    const corrected = correctedTime(
      at('2026-03-02T03:00:00Z'),
      at('2026-03-02T02:00:00Z'),
      at('2026-03-02T02:00:05Z'),
    );
    expect(corrected.toISOString()).toBe('2026-03-02T02:00:05.000Z');
  });
});

describe('eventTime', () => {
  const at = (iso: string) => new Date(iso);
  it('keeps the corrected time of a terminal whose clock is wrong but steady', () => {
    const time = eventTime(
      at('1970-01-01T00:00:00Z'),
      at('1970-01-01T00:10:00Z'),
      at('2026-03-02T02:10:00Z'),
    );
    expect(time).toEqual({ at: at('2026-03-02T02:00:00Z'), uncertain: false });
  });
  it('counts an event stamped before the clock was set at its receipt, flagged uncertain', () => {
    const time = eventTime(
      at('1970-01-01T00:00:10Z'),
      at('2026-03-02T02:00:00Z'),
      at('2026-03-02T02:00:01Z'),
    );
    expect(time).toEqual({ at: at('2026-03-02T02:00:01Z'), uncertain: true });
  });
});
