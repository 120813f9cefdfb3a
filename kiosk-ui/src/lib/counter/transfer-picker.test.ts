import type { CounterTicket, CounterView, HallSnapshot } from '@bianmin/contract';
import { describe, expect, it } from 'vitest';
import { refusalText, ticketChangedText } from './refusals.js';
import { pickerAfterRefresh, transferTargetsFor } from './transfer-picker.js';

const ticket = (number: string, serviceId = 'social-security'): CounterTicket => ({
  number,
  serviceId,
  priority: false,
  issuedAt: '2026-03-02T09:00:00+08:00',
  state: 'called',
  counter: 1,
  recalls: 0,
});
const counter = (current: CounterTicket | null): CounterView => ({
  number: 1,
  name: '1号窗口',
  services: ['social-security'],
  paused: false,
  current,
});
const hall: HallSnapshot = {
  services: ['social-security', 'medical-insurance', 'general-enquiry'].map((serviceId) => ({
    serviceId,
    name: serviceId,
    waiting: 0,
  })),
  counters: [],
  recentCalls: [],
  announcements: [],
};

describe('the transfer picker', () => {
  it('stays open across a refresh that shows the same ticket at the counter', () => {
    const open = ticket('A001');
    expect(pickerAfterRefresh(open, counter({ ...ticket('A001'), state: 'serving' }))).toBe(open);
  });

  it('closes when a refresh shows the counter moved on: another ticket, or none', () => {
    // A keypad's 下一位 finished A001 and called A002 while staff were choosing.
    expect(pickerAfterRefresh(ticket('A001'), counter(ticket('A002')))).toBeNull();
    expect(pickerAfterRefresh(ticket('A001'), counter(null))).toBeNull();
    expect(pickerAfterRefresh(ticket('A001'), null)).toBeNull();
    expect(pickerAfterRefresh(null, counter(ticket('A001')))).toBeNull();
  });

  it("offers the services of the ticket it was opened for, not the counter's newer one", () => {
    const targets = transferTargetsFor(hall, ticket('B001', 'medical-insurance'));
    expect(targets.map((s) => s.serviceId)).toEqual(['social-security', 'general-enquiry']);
    expect(transferTargetsFor(hall, null)).toEqual([]);
  });

  it('says a press refused for a changed ticket in words, with the ticket now at the counter', () => {
    expect(refusalText('ticket-changed')).toContain('刚才的操作没有执行');
    expect(ticketChangedText('A002')).toBe(
      '本窗口的当前号已变为 A002（叫号器或另一台电脑已操作），刚才的操作没有执行。请看清当前的号再操作。',
    );
    expect(ticketChangedText(null, '转移已取消')).toContain('本窗口现在没有号');
    expect(ticketChangedText(null, '转移已取消')).toContain('转移已取消');
  });
});
