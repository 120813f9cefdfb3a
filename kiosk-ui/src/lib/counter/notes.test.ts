import type { CounterTicket, HallSnapshot } from '@bianmin/contract';
import { describe, expect, it } from 'vitest';
import { callNote, TICKET_DONE } from './notes.js';

const ticket: CounterTicket = {
  number: 'A003',
  serviceId: 'household-registration',
  priority: false,
  issuedAt: '2025-03-01T09:00:00+08:00',
  state: 'called',
  counter: 3,
  recalls: 0,
};
const hall: HallSnapshot = {
  services: [{ serviceId: 'household-registration', name: '户籍业务', waiting: 0 }],
  counters: [],
  recentCalls: [],
  announcements: [],
};

describe('counter console notes', () => {
  it('says whom a call reached, by number and service', () => {
    expect(callNote(hall, { ticket, ignored: false }, '已叫')).toEqual({
      kind: 'done',
      text: '已叫 A003（户籍业务）。',
    });
    expect(callNote(hall, { ticket: null, ignored: false }, '已叫').text).toBe('现在没有人等候。');
  });

  it('says an ignored call plainly, and a recall that ended in a no-show', () => {
    const ignored = callNote(hall, { ticket, ignored: true }, '已叫');
    expect(ignored.kind).toBe('ignored');
    expect(ignored.text).toContain('当前仍是 A003（户籍业务）');
    expect(callNote(hall, { ticket, ignored: false, noShow: true }, '已重呼').text).toContain(
      '已记为过号',
    );
  });

  it('names the ticket an action was done to', () => {
    for (const text of Object.values(TICKET_DONE)) expect(text('A003')).toContain('A003');
  });
});
