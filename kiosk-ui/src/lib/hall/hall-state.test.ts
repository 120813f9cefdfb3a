import { describe, expect, it } from 'vitest';
import type { HallSnapshot } from '@bianmin/contract';
import { callText, RECENT_CALLS_SHOWN, withCall, withWaiting } from './hall-state.js';

const hall: HallSnapshot = {
  services: [
    { serviceId: 'social-security', name: '社保业务', waiting: 3 },
    { serviceId: 'tax', name: '税务', waiting: 0 },
  ],
  counters: [
    { number: 1, name: '1号窗口', paused: false, current: null },
    {
      number: 2,
      name: '2号窗口',
      paused: false,
      current: { ticketNumber: 'A001', serviceId: 'x' },
    },
  ],
  recentCalls: [
    {
      ticketNumber: 'A001',
      serviceId: 'social-security',
      counter: 2,
      counterName: '2号窗口',
      calledAt: '2026-03-02T01:00:00.000Z',
    },
  ],
  announcements: [],
};
const at = new Date('2026-03-02T01:05:00Z');

describe('the hall display state', () => {
  it('puts a call on its counter and first in the recent calls, a recall once', () => {
    const call = {
      ticketNumber: 'A002',
      serviceId: 'social-security',
      counter: 1,
      counterName: '1号窗口',
      call: 'first' as const,
    };
    const next = withCall(hall, call, at);
    expect(next.counters[0]?.current).toEqual({
      ticketNumber: 'A002',
      serviceId: 'social-security',
    });
    expect(next.counters[1]).toBe(hall.counters[1]);
    expect(next.recentCalls.map((r) => r.ticketNumber)).toEqual(['A002', 'A001']);
    const recalled = withCall(
      next,
      { ...call, ticketNumber: 'A001', counter: 2, call: 'recall' },
      at,
    );
    expect(recalled.recentCalls.map((r) => r.ticketNumber)).toEqual(['A001', 'A002']);
    let many = hall;
    for (let i = 0; i < 20; i++) many = withCall(many, { ...call, ticketNumber: `B${i}` }, at);
    expect(many.recentCalls).toHaveLength(RECENT_CALLS_SHOWN);
    expect(callText(call)).toBe('请 A002 号到 1号窗口');
  });

  it('takes new waiting counts, keeping a service the event does not name', () => {
    const next = withWaiting(hall, [{ serviceId: 'social-security', waiting: 1 }]);
    expect(next.services.map((s) => s.waiting)).toEqual([1, 0]);
  });
});
