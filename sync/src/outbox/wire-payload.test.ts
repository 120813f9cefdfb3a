import { describe, expect, it } from 'vitest';
import type { EventPayloads } from '@bianmin/contract';
import { toWirePayload } from './wire-payload.js';

describe('toWirePayload', () => {
  it('keeps exactly the whitelisted ticket fields and rounds the duration', () => {
    const input = {
      serviceId: 'social-security',
      serviceName: '社保查询',
      ticketNumber: 'A001',
      priority: true,
      // Why it was a priority ticket is sensitive (PIPL): only `priority` leaves.
      prioritySource: 'disability',
      durationMs: 1234.6,
      name: '王秀英',
    } as EventPayloads['ticket.issued'];
    expect(toWirePayload('ticket.issued', input)).toEqual({
      serviceId: 'social-security',
      serviceName: '社保查询',
      ticketNumber: 'A001',
      priority: true,
      durationMs: 1235,
    });
  });

  it('keeps a duration within the day the centre accepts', () => {
    const done = (serviceMs: number) =>
      toWirePayload('queue.done', {
        ticketNumber: 'A001',
        serviceId: 'social-security',
        counter: 1,
        serviceMs,
      }).serviceMs;
    expect(done(3 * 86_400_000)).toBe(86_400_000);
    expect(done(-5)).toBe(0);
    expect(done(1234.4)).toBe(1234);
  });

  it('keeps device and state for device events', () => {
    const input = { device: 'printer', state: 'no-paper', port: '/dev/ttyS0' } as const;
    expect(toWirePayload('device.status-changed', input)).toEqual({
      device: 'printer',
      state: 'no-paper',
    });
  });
});
