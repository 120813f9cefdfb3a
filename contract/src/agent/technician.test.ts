import { Compile } from 'typebox/compile';
import { describe, expect, it } from 'vitest';
import { EventBatchSchema } from '../centre/events.js';

const report = {
  softwareVersion: '0.1.0',
  devices: [
    { device: 'idCardReader', state: 'ready', model: '05.01-20101111-0012345678-1234567890' },
    { device: 'printer', state: 'paper-near-end', model: null },
  ],
  centreReachable: true,
  clockOffsetMs: -1200,
  diskFreeBytes: 1_000_000_000,
  outboxPending: 3,
};
const batch = (payload: object) => ({
  terminalId: 'T-140902001001-01',
  sentAt: '2026-11-26T10:00:00+08:00',
  events: [
    { seq: 1, type: 'terminal.readiness-report', createdAt: '2026-11-26T10:00:00+08:00', payload },
  ],
});

describe('the readiness report at the centre', () => {
  const centre = Compile(EventBatchSchema);

  it('is an event the centre accepts in a batch', () => {
    expect(centre.Check(batch(report))).toBe(true);
  });

  it('is refused with a port path or an unknown device riding along', () => {
    const devices = [{ device: 'printer', state: 'ready', model: null, path: '/dev/ttyS1' }];
    expect(centre.Check(batch({ ...report, devices }))).toBe(false);
    expect(centre.Check(batch({ ...report, centreUrl: 'http://10.0.0.1' }))).toBe(false);
    const unknown = [{ device: 'fax', state: 'ready', model: null }];
    expect(centre.Check(batch({ ...report, devices: unknown }))).toBe(false);
  });
});
