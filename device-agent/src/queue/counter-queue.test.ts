import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { makeTempDir, type TempDir } from '@bianmin/common/testing';
import type { CallingRules, Counter } from '@bianmin/config';
import { createOutbox, type Outbox } from '@bianmin/sync/outbox';
import { openTerminalDatabase } from './terminal-database.js';
import { createTicketStore, type TicketStore } from './ticket-store.js';
import type { QueueCall } from '@bianmin/contract';
import { createCounterQueue, type CounterQueue } from './counter-queue.js';

const A = { id: 'social-security', name: '社保业务', ticketPrefix: 'A' };
const B = { id: 'medical-insurance', name: '医保业务', ticketPrefix: 'B' };
const COUNTERS: Counter[] = [
  { number: 1, name: '1号窗口', services: [A.id, B.id] },
  { number: 2, name: '2号窗口', services: [B.id] },
];
const CALLING: CallingRules = {
  recallsBeforeNoShow: 2,
  repeatCallGuardSeconds: 5,
  counterNetworks: [],
  announcements: [],
};

describe('the queue at the counters', () => {
  let dir: TempDir;
  let db: Database.Database;
  let outbox: Outbox;
  let tickets: TicketStore;
  let queue: CounterQueue;
  let at: Date;
  let calls: QueueCall[];
  /** What the queue told `onChange`, as `call` or `change`, in order. */
  let notices: string[];
  let seq = 0;

  const open = () => {
    tickets = createTicketStore(db, outbox, {
      timeZone: 'Asia/Shanghai',
      now: () => at,
      counters: COUNTERS,
    });
    queue = createCounterQueue(db, outbox, {
      counters: COUNTERS,
      calling: CALLING,
      queueServiceIds: [A.id, B.id],
      timeZone: 'Asia/Shanghai',
      now: () => at,
      onCall: (call) => {
        calls.push(call);
        notices.push('call');
      },
      onChange: () => notices.push('change'),
    });
  };

  beforeEach(() => {
    dir = makeTempDir('counter-queue');
    const opened = openTerminalDatabase(join(dir.path, 'terminal.sqlite'));
    if (!opened.ok) throw new Error(opened.error.message);
    db = opened.value;
    // Not the file's first day, so numbers count from 1.
    db.prepare('UPDATE database_birth SET created_at = NULL').run();
    outbox = createOutbox(db);
    at = new Date('2026-03-02T01:00:00Z');
    calls = [];
    notices = [];
    seq = 0;
    open();
  });
  afterEach(() => {
    db.close();
    dir.remove();
  });

  /** Moves the clock past the double-call guard. */
  const later = (seconds = 60) => (at = new Date(at.getTime() + seconds * 1000));
  const issue = (service = A, priority = false) => {
    later(1);
    const result = tickets.issue({
      requestId: `request-${String(++seq).padStart(4, '0')}`,
      service,
      priority,
      durationMs: 1000,
    });
    if (!result.ok) throw new Error('refused');
    return result.value;
  };
  const called = (counter: number) => {
    later();
    const result = queue.callNext(counter);
    if (!result.ok) throw new Error(result.error.kind);
    return result.value.ticket?.number ?? null;
  };
  const eventTypes = () => outbox.pending(1000).map((e) => e.type);

  it("calls a counter's services in its order, 绿色通道 first within one, then by issue time", () => {
    issue(B);
    issue(A);
    issue(A, true);
    issue(A);
    expect([called(1), called(1), called(1), called(1), called(1)]).toEqual([
      'A002',
      'A001',
      'A003',
      'B001',
      null,
    ]);
    expect(calls.map((c) => [c.ticketNumber, c.counter, c.call])).toEqual([
      ['A002', 1, 'first'],
      ['A001', 1, 'first'],
      ['A003', 1, 'first'],
      ['B001', 1, 'first'],
    ]);
    // Each call finished the one before it.
    expect(eventTypes().filter((t) => t.startsWith('queue.'))).toEqual([
      'queue.called',
      'queue.done',
      'queue.called',
      'queue.done',
      'queue.called',
      'queue.done',
      'queue.called',
      'queue.done',
    ]);
  });

  it('tells onChange after every change, after onCall; counts the waiting; lists the latest calls', () => {
    issue(A);
    issue(A);
    issue(B, true);
    expect(queue.waitingCounts()).toEqual([
      { serviceId: A.id, waiting: 2 },
      { serviceId: B.id, waiting: 1 },
    ]);
    expect([called(1), called(2)]).toEqual(['A001', 'B001']);
    later();
    expect(queue.hold(1, 'current').ok).toBe(true);
    expect(queue.finish(1, 'current').ok).toBe(false);
    expect(notices).toEqual(['call', 'change', 'call', 'change', 'change']);
    expect(queue.waitingCounts()).toEqual([
      { serviceId: A.id, waiting: 1 },
      { serviceId: B.id, waiting: 0 },
    ]);
    expect(queue.recentCalls(5).map((c) => [c.ticketNumber, c.counterName])).toEqual([
      ['B001', '2号窗口'],
      ['A001', '1号窗口'],
    ]);
    expect(queue.recentCalls(1)).toHaveLength(1);
  });

  it('counts as ahead the waiting tickets called before this one, priority first', () => {
    const first = issue(A);
    expect(first.waitingAhead).toBe(0);
    expect(issue(A).waitingAhead).toBe(1);
    expect(issue(A, true).waitingAhead).toBe(0);
    expect(issue(A).waitingAhead).toBe(3);
    expect(issue(B).waitingAhead).toBe(0);
    called(1);
    expect(tickets.find('request-0004', () => A.name)?.waitingAhead).toBe(2);
  });

  it('ignores a second call of the same counter within the guard, with no event', () => {
    issue(A);
    issue(A);
    expect(called(1)).toBe('A001');
    later(2);
    const again = queue.callNext(1);
    expect(again.ok && again.value).toMatchObject({ ignored: true, ticket: { number: 'A001' } });
    const recall = queue.recall(1, 'current');
    expect(recall.ok && recall.value.ignored).toBe(true);
    expect(eventTypes().filter((t) => t === 'queue.called')).toHaveLength(1);
    expect(calls).toHaveLength(1);
  });

  it('calls again after the clock was set back, rather than waiting for it to catch up', () => {
    issue(A);
    issue(A);
    expect(called(1)).toBe('A001');
    // The terminal's clock ran an hour ahead; NTP sets it back.
    at = new Date(at.getTime() - 3_600_000);
    const again = queue.callNext(1);
    expect(again.ok && again.value).toMatchObject({ ignored: false, ticket: { number: 'A002' } });
  });

  it('marks no-show after the configured recalls, and serves, finishes and records times', () => {
    issue(A);
    called(1);
    for (const _ of [1, 2]) {
      later();
      const recall = queue.recall(1, 'current');
      expect(recall.ok && recall.value.noShow).toBe(false);
    }
    later();
    const last = queue.recall(1, 'current');
    expect(last.ok && last.value).toMatchObject({ noShow: true, ticket: { state: 'no-show' } });
    expect(calls.map((c) => c.call)).toEqual(['first', 'recall', 'recall']);
    const noShow = outbox.pending(1000).find((e) => e.type === 'queue.no-show');
    expect(noShow?.payload).toEqual({
      ticketNumber: 'A001',
      serviceId: A.id,
      counter: 1,
      recalls: 2,
    });

    issue(A);
    called(1);
    later(30);
    expect(queue.startServing(1, 'current').ok).toBe(true);
    expect(queue.recall(1, 'current')).toEqual({
      ok: false,
      error: { kind: 'wrong-state', state: 'serving' },
    });
    later(240);
    const done = queue.finish(1, 'current');
    expect(done.ok && done.value.state).toBe('done');
    const doneEvent = outbox.pending(1000).find((e) => e.type === 'queue.done');
    expect(doneEvent?.payload).toMatchObject({ ticketNumber: 'A002', serviceMs: 240_000 });
    expect(queue.finish(1, 'current')).toEqual({ ok: false, error: { kind: 'no-current-ticket' } });
  });

  it('transfers a ticket to another queue where it keeps its place by issue time', () => {
    issue(A); // A001, issued first
    issue(B); // B001
    issue(B); // B002
    expect(called(1)).toBe('A001');
    expect(queue.transfer(1, 'current', 'tax')).toEqual({
      ok: false,
      error: { kind: 'unknown-service' },
    });
    const moved = queue.transfer(1, 'current', B.id);
    expect(moved.ok && moved.value).toMatchObject({ state: 'waiting', serviceId: B.id });
    expect(tickets.find('request-0001', () => A.name)?.waitingAhead).toBe(0);
    expect(tickets.find('request-0003', () => B.name)?.waitingAhead).toBe(2);
    expect([called(2), called(2), called(2)]).toEqual(['A001', 'B001', 'B002']);
    expect(outbox.pending(1000).find((e) => e.type === 'queue.transferred')?.payload).toEqual({
      ticketNumber: 'A001',
      fromServiceId: A.id,
      toServiceId: B.id,
      counter: 1,
    });
  });

  it('holds a ticket out of the queue and calls it back to a counter that serves it', () => {
    issue(B);
    issue(B);
    expect(called(2)).toBe('B001');
    const held = queue.hold(2, 'current');
    expect(held.ok && held.value.state).toBe('held');
    expect(queue.waiting().held.map((t) => t.number)).toEqual(['B001']);
    expect(called(2)).toBe('B002');
    later();
    expect(queue.callBack(2, 'B001')).toEqual({ ok: false, error: { kind: 'counter-busy' } });
    expect(queue.finish(2, 'current').ok).toBe(true);
    expect(queue.callBack(2, 'B009')).toEqual({ ok: false, error: { kind: 'unknown-ticket' } });
    const back = queue.callBack(2, 'B001');
    expect(back.ok && back.value.ticket).toMatchObject({ number: 'B001', state: 'called' });
    expect(calls.at(-1)).toMatchObject({ ticketNumber: 'B001', call: 'call-back', counter: 2 });
  });

  it('refuses a call at a paused counter, and records the pause once', () => {
    issue(A);
    expect(queue.setPaused(1, true)).toEqual({ ok: true, value: true });
    expect(queue.setPaused(1, true)).toEqual({ ok: true, value: true });
    later();
    expect(queue.callNext(1)).toEqual({ ok: false, error: { kind: 'counter-paused' } });
    expect(queue.callNext(9)).toEqual({ ok: false, error: { kind: 'unknown-counter' } });
    expect(queue.counter(1)?.paused).toBe(true);
    expect(eventTypes().filter((t) => t === 'queue.counter-paused')).toHaveLength(1);
    queue.setPaused(1, false);
    expect(called(1)).toBe('A001');
  });

  it('closes the open tickets of past days and never calls them', () => {
    issue(A);
    issue(A);
    called(1);
    at = new Date('2026-03-03T01:00:00Z');
    expect(called(1)).toBeNull();
    expect(queue.closePastDays()).toBe(2);
    expect(queue.closePastDays()).toBe(0);
    const closed = outbox.pending(1000).filter((e) => e.type === 'queue.closed');
    expect(closed.map((e) => e.payload)).toEqual([
      { ticketNumber: 'A001', serviceId: A.id, state: 'called' },
      { ticketNumber: 'A002', serviceId: A.id, state: 'waiting' },
    ]);
  });

  it('estimates the wait as a range once today has service times, shared by open counters', () => {
    expect(issue(B).estimatedWait).toBeUndefined();
    for (const minutes of [4, 6, 8]) {
      issue(B);
      called(2);
      later(minutes * 60);
      queue.finish(2, 'current');
    }
    // B004 waits, so the next has one ahead; the median is 6 min, the upper quartile 8 min,
    // and two counters serve B.
    const ticket = issue(B);
    expect(ticket.waitingAhead).toBe(1);
    expect(ticket.estimatedWait).toEqual({ fromMinutes: 3, toMinutes: 8 });
    queue.setPaused(1, true);
    const alone = tickets.find('request-0005', () => B.name);
    expect(alone?.estimatedWait).toEqual({ fromMinutes: 6, toMinutes: 16 });
    const figures = queue.figures().find((f) => f.serviceId === B.id);
    expect(figures).toMatchObject({ issued: 5, waiting: 2, done: 3 });
  });

  it('N ahead always equals the position among waiting tickets in call order', () => {
    const action = fc.oneof(
      fc.record({ kind: fc.constant('issue' as const), b: fc.boolean(), priority: fc.boolean() }),
      fc.record({ kind: fc.constant('call' as const), counter: fc.constantFrom(1, 2) }),
      fc.record({ kind: fc.constant('transfer' as const), counter: fc.constantFrom(1, 2) }),
      fc.record({ kind: fc.constant('hold' as const), counter: fc.constantFrom(1, 2) }),
    );
    fc.assert(
      fc.property(fc.array(action, { maxLength: 30 }), (actions) => {
        db.exec('DELETE FROM tickets; DELETE FROM ticket_counters; DELETE FROM counter_states;');
        const issued: string[] = [];
        for (const a of actions) {
          if (a.kind === 'issue') {
            issue(a.b ? B : A, a.priority);
            issued.push(`request-${String(seq).padStart(4, '0')}`);
          } else if (a.kind === 'call') {
            called(a.counter);
          } else if (a.kind === 'transfer') {
            queue.transfer(a.counter, 'current', a.counter === 1 ? B.id : A.id);
          } else {
            queue.hold(a.counter, 'current');
          }
        }
        const { services } = queue.waiting();
        for (const requestId of issued) {
          const ticket = tickets.find(requestId, () => '')!;
          const line = services.flatMap((s) => s.tickets).find((t) => t.number === ticket.number);
          const order = services.find((s) => s.serviceId === line?.serviceId)?.tickets ?? [];
          expect(ticket.waitingAhead).toBe(line ? order.indexOf(line) : 0);
        }
        // The order the waiting list shows is the order counters call in.
        const bLine = services.find((s) => s.serviceId === B.id)!.tickets.map((t) => t.number);
        const calledInOrder = bLine.map(() => called(2));
        expect(calledInOrder).toEqual(bLine);
      }),
      { numRuns: 60 },
    );
  });
});
