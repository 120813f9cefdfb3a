import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { err, ok, type Result } from '@bianmin/common';
import { makeTempDir, type TempDir } from '@bianmin/common/testing';
import type { CallingRules, Counter } from '@bianmin/config';
import type { CounterTicket, CounterView } from '@bianmin/contract';
import { createOutbox } from '@bianmin/sync/outbox';
import { openTerminalDatabase } from './terminal-database.js';
import { createTicketStore, type TicketStore } from './ticket-store.js';
import {
  createCounterQueue,
  type CounterQueue,
  type MeantTicket,
  type QueueRefusal,
} from './counter-queue.js';

// A model of the queue rules of docs/architecture.md, "The queue", run command by command
// against the real queue and compared after each one.

const A = { id: 'social-security', name: '社保业务', ticketPrefix: 'A' };
const B = { id: 'medical-insurance', name: '医保业务', ticketPrefix: 'B' };
const SERVICES = [A, B];
const COUNTERS: Counter[] = [
  { number: 1, name: '1号窗口', services: [A.id, B.id] },
  { number: 2, name: '2号窗口', services: [B.id] },
  { number: 3, name: '3号窗口', services: [B.id, A.id] },
];
/** Not configured: every request of it is refused. */
const UNKNOWN_COUNTER = 9;
const CALLING: CallingRules = {
  recallsBeforeNoShow: 2,
  repeatCallGuardSeconds: 5,
  counterNetworks: [],
  announcements: [],
};
const GUARD_MS = CALLING.repeatCallGuardSeconds * 1000;
const START = Date.parse('2026-03-02T01:00:00Z');

type TicketState = CounterTicket['state'];

interface ModelTicket {
  requestId: string;
  number: string;
  /** The queue it waits in (its own service's until transferred). */
  queue: string;
  priority: boolean;
  issuedAt: number;
  /** Issue order, the last tie-break. */
  order: number;
  state: TicketState;
  counter: number | null;
  recalls: number;
}

interface ModelCounter {
  number: number;
  name: string;
  services: readonly string[];
  paused: boolean;
  lastCallAt: number | null;
}

interface Model {
  now: number;
  tickets: ModelTicket[];
  counters: ModelCounter[];
  /** Issue times as issued, never changed: a transfer keeps its place by them. */
  issuedAt: Map<string, number>;
}

interface Real {
  queue: CounterQueue;
  tickets: TicketStore;
  /** Counters with more than one called or serving ticket in the table: always none. */
  sharedCounters: () => unknown[];
  setNow: (ms: number) => void;
}

type Outcome = Result<unknown, QueueRefusal>;

const view = (t: ModelTicket): CounterTicket => ({
  number: t.number,
  serviceId: t.queue,
  priority: t.priority,
  issuedAt: new Date(t.issuedAt).toISOString(),
  state: t.state,
  counter: t.counter,
  recalls: t.recalls,
});

const atCounter = (t: ModelTicket) => t.state === 'called' || t.state === 'serving';
const currentOf = (m: Model, counter: number) =>
  m.tickets.find((t) => t.counter === counter && atCounter(t)) ?? null;

/** True when `o` is called before `t` in the same queue: 绿色通道 first, then issue time. */
const before = (o: ModelTicket, t: ModelTicket) =>
  o.priority !== t.priority
    ? o.priority
    : o.issuedAt !== t.issuedAt
      ? o.issuedAt < t.issuedAt
      : o.order < t.order;

const line = (m: Model, queue: string) =>
  m.tickets
    .filter((t) => t.state === 'waiting' && t.queue === queue)
    .sort((x, y) => (before(x, y) ? -1 : 1));

const ahead = (m: Model, t: ModelTicket) =>
  t.state === 'waiting' ? line(m, t.queue).indexOf(t) : 0;

const guarded = (m: Model, c: ModelCounter) =>
  c.lastCallAt !== null && m.now - c.lastCallAt < GUARD_MS;

const callTo = (m: Model, c: ModelCounter, t: ModelTicket) => {
  t.state = 'called';
  t.counter = c.number;
  t.recalls = 0;
  c.lastCallAt = m.now;
};

/**
 * The ticket an action is meant for, as the model's commands pass it: '' for a keypad's press
 * (whichever is current), else the number a console showed.
 */
type Meant = string;
const realMeant = (meant: Meant): MeantTicket =>
  meant === '' ? 'current' : { ticketNumber: meant };

/** A console that showed another ticket than the counter's current one changes nothing. */
const changedFrom = (m: Model, c: ModelCounter, meant: Meant): Outcome | null => {
  const current = currentOf(m, c.number);
  if (meant === '' || current?.number === meant) return null;
  return err({ kind: 'ticket-changed', shown: meant, current: current?.number ?? null });
};

/** The model's side of each queue operation: the reply the real queue must give. */
const rules = {
  callNext(m: Model, c: ModelCounter): Outcome {
    if (c.paused) return err({ kind: 'counter-paused' });
    const current = currentOf(m, c.number);
    if (guarded(m, c)) return ok({ ticket: current && view(current), ignored: true });
    if (current) current.state = 'done';
    for (const queue of c.services) {
      const next = line(m, queue)[0];
      if (!next) continue;
      callTo(m, c, next);
      return ok({ ticket: view(next), ignored: false });
    }
    return ok({ ticket: null, ignored: false });
  },
  recall(m: Model, c: ModelCounter, meant: Meant): Outcome {
    const changed = changedFrom(m, c, meant);
    if (changed) return changed;
    const current = currentOf(m, c.number);
    if (!current) return err({ kind: 'no-current-ticket' });
    if (current.state !== 'called') return err({ kind: 'wrong-state', state: current.state });
    if (guarded(m, c)) return ok({ ticket: view(current), ignored: true, noShow: false });
    if (current.recalls >= CALLING.recallsBeforeNoShow) {
      current.state = 'no-show';
      return ok({ ticket: view(current), ignored: false, noShow: true });
    }
    current.recalls += 1;
    c.lastCallAt = m.now;
    return ok({ ticket: view(current), ignored: false, noShow: false });
  },
  /** For the operations on the current ticket: it must be in one of `states`, then becomes `to`. */
  move(m: Model, c: ModelCounter, meant: Meant, states: TicketState[], to: TicketState): Outcome {
    const changed = changedFrom(m, c, meant);
    if (changed) return changed;
    const current = currentOf(m, c.number);
    if (!current) return err({ kind: 'no-current-ticket' });
    if (!states.includes(current.state)) return err({ kind: 'wrong-state', state: current.state });
    current.state = to;
    return ok(view(current));
  },
  callBack(m: Model, c: ModelCounter, number: string): Outcome {
    if (guarded(m, c)) {
      const current = currentOf(m, c.number);
      return ok({ ticket: current && view(current), ignored: true });
    }
    if (currentOf(m, c.number)) return err({ kind: 'counter-busy' });
    const held = m.tickets.find((t) => t.number === number && t.state === 'held');
    if (!held) return err({ kind: 'unknown-ticket' });
    if (!c.services.includes(held.queue)) return err({ kind: 'not-served-here' });
    callTo(m, c, held);
    return ok({ ticket: view(held), ignored: false });
  },
  transfer(m: Model, c: ModelCounter, meant: Meant, to: string): Outcome {
    if (!SERVICES.some((s) => s.id === to)) return err({ kind: 'unknown-service' });
    const changed = changedFrom(m, c, meant);
    if (changed) return changed;
    const current = currentOf(m, c.number);
    if (!current) return err({ kind: 'no-current-ticket' });
    if (current.queue === to) return err({ kind: 'wrong-state', state: current.state });
    Object.assign(current, { state: 'waiting', queue: to, counter: null, recalls: 0 });
    return ok(view(current));
  },
};

/** How often each command, and each of its outcomes, ran across all runs. */
const seen = new Map<string, number>();
const count = (key: string) => seen.set(key, (seen.get(key) ?? 0) + 1);
const outcomeTag = (outcome: Outcome) => {
  if (!outcome.ok) return outcome.error.kind;
  const value = outcome.value as { ignored?: boolean; noShow?: boolean } | null;
  if (value && typeof value === 'object' && value.noShow) return 'no-show';
  if (value && typeof value === 'object' && value.ignored) return 'ignored';
  return 'ok';
};

/** The fairness rules, stated on their own, checked on the model after every command. */
function checkInvariants(m: Model, real: Real): void {
  for (const t of m.tickets) {
    // A transfer keeps the original issue time, so its place.
    expect(t.issuedAt).toBe(m.issuedAt.get(t.number));
    expect(t.recalls).toBeLessThanOrEqual(CALLING.recallsBeforeNoShow);
    if (t.state === 'waiting') expect(t.counter).toBeNull();
    if (atCounter(t)) expect(t.counter).not.toBeNull();
  }
  // A ticket is at most one counter's current ticket, and a counter has at most one.
  const currents = m.tickets.filter(atCounter);
  expect(new Set(currents.map((t) => t.counter)).size).toBe(currents.length);
  expect(real.sharedCounters()).toEqual([]);
  // Within a queue: 绿色通道 first, then by issue time.
  for (const service of SERVICES) {
    const waiting = line(m, service.id);
    waiting.forEach((t, i) => {
      const next = waiting[i + 1];
      if (!next) return;
      expect(!t.priority && next.priority).toBe(false);
      if (t.priority === next.priority) expect(t.issuedAt).toBeLessThanOrEqual(next.issuedAt);
    });
  }
}

/** Whether `called` was the ticket the rules pick for this counter, from the waiting before. */
function checkFairCall(c: ModelCounter, waitingBefore: ModelTicket[], called: ModelTicket): void {
  const rank = (t: ModelTicket) => c.services.indexOf(t.queue);
  expect(rank(called)).toBeGreaterThanOrEqual(0);
  for (const o of waitingBefore) {
    if (rank(o) < 0 || o.number === called.number) continue;
    // Counter service order: no waiting ticket in a queue this counter takes first.
    expect(rank(o)).toBeGreaterThanOrEqual(rank(called));
    if (rank(o) !== rank(called)) continue;
    expect(o.priority && !called.priority).toBe(false);
    if (o.priority === called.priority) expect(o.issuedAt).toBeGreaterThanOrEqual(called.issuedAt);
  }
}

function compareState(m: Model, real: Real): void {
  const counters: CounterView[] = m.counters.map((c) => {
    const current = currentOf(m, c.number);
    return {
      number: c.number,
      name: c.name,
      services: [...c.services],
      paused: c.paused,
      current: current && view(current),
    };
  });
  expect(real.queue.counters()).toEqual(counters);
  expect(real.queue.counter(UNKNOWN_COUNTER)).toBeUndefined();
  expect(real.queue.waiting()).toEqual({
    services: SERVICES.map((s) => ({ serviceId: s.id, tickets: line(m, s.id).map(view) })),
    held: m.tickets
      .filter((t) => t.state === 'held')
      .sort((x, y) => x.issuedAt - y.issuedAt || x.order - y.order)
      .map(view),
  });
  for (const t of m.tickets) {
    expect(real.tickets.find(t.requestId, () => '')?.waitingAhead, t.number).toBe(ahead(m, t));
  }
  checkInvariants(m, real);
}

type Command = fc.Command<Model, Real>;

const command = (name: string, run: (m: Model, r: Real) => void): Command => ({
  check: () => true,
  run(m, r) {
    count(name.split(' ')[0]!);
    run(m, r);
    compareState(m, r);
  },
  toString: () => name,
});

/** Moves both clocks on. */
const advance = (m: Model, r: Real, seconds: number) => {
  count(seconds * 1000 < GUARD_MS ? 'clock:within-guard' : 'clock:past-guard');
  m.now += seconds * 1000;
  r.setNow(m.now);
};

/**
 * A counter operation: the model's reply and the real one must agree. `pick` chooses an
 * argument from the model before either runs (the ticket number a call-back names).
 */
const counterStep =
  (
    kind: string,
    counter: number,
    model: (m: Model, c: ModelCounter, arg: string) => Outcome,
    real: (r: Real, arg: string) => Outcome,
    pick: (m: Model) => string = () => '',
  ) =>
  (m: Model, r: Real) => {
    const arg = pick(m);
    const c = m.counters.find((x) => x.number === counter);
    const busyBefore = new Set(m.tickets.filter(atCounter).map((t) => t.number));
    const waitingBefore = m.tickets.filter((t) => t.state === 'waiting').map((t) => ({ ...t }));
    const expected: Outcome = c ? model(m, c, arg) : err({ kind: 'unknown-counter' });
    const got = real(r, arg);
    count(`${kind}:${outcomeTag(expected)}`);
    expect(got).toEqual(expected);
    const calledNow =
      got.ok && (kind === 'callNext' || kind === 'callBack')
        ? (got.value as { ticket: CounterTicket | null; ignored: boolean })
        : null;
    if (c && calledNow && !calledNow.ignored && calledNow.ticket) {
      // No ticket is called while it is already called (or served) at a counter.
      expect(busyBefore.has(calledNow.ticket.number)).toBe(false);
      const called = m.tickets.find((t) => t.number === calledNow.ticket!.number)!;
      if (kind === 'callNext') checkFairCall(c, waitingBefore, called);
    }
    if (c?.paused && kind === 'callNext') expect(got.ok).toBe(false);
  };

const atCounterCommand = (
  kind: string,
  counter: number,
  detail: string,
  model: (m: Model, c: ModelCounter, arg: string) => Outcome,
  real: (r: Real, arg: string) => Outcome,
  pick?: (m: Model) => string,
): Command =>
  command(`${kind} ${counter} ${detail}`.trim(), counterStep(kind, counter, model, real, pick));

/** `a` `weightA` times as often as `b` (or as `b`'s own weight). */
const weighted = <T>(weightA: number, a: T, b: T, weightB = 1) =>
  fc.oneof(
    { weight: weightA, arbitrary: fc.constant(a) },
    { weight: weightB, arbitrary: fc.constant(b) },
  );

const counterArb = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom(1, 2, 3) },
  { weight: 1, arbitrary: fc.constant(UNKNOWN_COUNTER) },
);
const serviceArb = fc.constantFrom(A, B);

const issueArb = fc
  .record({ service: serviceArb, priority: fc.boolean() })
  .map(({ service, priority }): Command =>
    command(`issue ${service.ticketPrefix}${priority ? ' 绿色通道' : ''}`, (m, r) => {
      const order = m.tickets.length + 1;
      const seq = m.tickets.filter((t) => t.number.startsWith(service.ticketPrefix)).length + 1;
      const ticket: ModelTicket = {
        requestId: `request-${String(order).padStart(4, '0')}`,
        number: `${service.ticketPrefix}${String(seq).padStart(3, '0')}`,
        queue: service.id,
        priority,
        issuedAt: m.now,
        order,
        state: 'waiting',
        counter: null,
        recalls: 0,
      };
      m.tickets.push(ticket);
      m.issuedAt.set(ticket.number, ticket.issuedAt);
      const issued = r.tickets.issue({
        requestId: ticket.requestId,
        service,
        priority,
        durationMs: 1000,
      });
      expect(issued.ok && issued.value).toMatchObject({
        number: ticket.number,
        priority,
        waitingAhead: ahead(m, ticket),
      });
    }),
  );

/**
 * Who presses: a keypad (no number), a console showing the counter's current ticket, or one
 * still showing another (a keypad or second console moved the counter on meanwhile).
 */
const presserArb = fc.record({
  by: fc.oneof(
    { weight: 2, arbitrary: fc.constant('keypad' as const) },
    { weight: 3, arbitrary: fc.constant('console' as const) },
    { weight: 1, arbitrary: fc.constant('stale console' as const) },
  ),
  pick: fc.nat(),
});
type Presser = typeof presserArb extends fc.Arbitrary<infer P> ? P : never;

/** The ticket number the presser names, chosen from the model before the press. */
const meantBy =
  ({ by, pick }: Presser, counter: number) =>
  (m: Model): Meant => {
    const current = currentOf(m, counter)?.number;
    if (by === 'keypad') return '';
    if (by === 'console' && current) return current;
    const others = m.tickets.filter((t) => t.number !== current);
    return others[pick % Math.max(1, others.length)]?.number ?? 'A999';
  };

const simple = (
  kind: 'noShow' | 'startServing' | 'finish' | 'hold',
  states: TicketState[],
  to: TicketState,
) =>
  fc.record({ n: counterArb, presser: presserArb }).map(({ n, presser }) =>
    atCounterCommand(
      kind,
      n,
      presser.by,
      (m, c, meant) => rules.move(m, c, meant, states, to),
      (r, meant) => r.queue[kind](n, realMeant(meant)),
      meantBy(presser, n),
    ),
  );

const callNextArb = counterArb.map((n) =>
  atCounterCommand(
    'callNext',
    n,
    '',
    (m, c) => rules.callNext(m, c),
    (r) => r.queue.callNext(n),
  ),
);

// Issue, call and hold twice as often as the rest, so counters mostly have a ticket to act on
// and some wait to be called back.
const commandArbs = [
  issueArb,
  issueArb,
  callNextArb,
  callNextArb,
  // Pressed up to one more time than the recalls allowed, waiting out the guard or not.
  fc
    .record({
      n: counterArb,
      times: weighted(2, CALLING.recallsBeforeNoShow + 1, 1),
      wait: fc.boolean(),
      presser: presserArb,
    })
    .map(({ n, times, wait, presser }): Command =>
      command(`recall ${n} ×${times}${wait ? ' waiting' : ''} ${presser.by}`, (m, r) => {
        const step = counterStep(
          'recall',
          n,
          (mm, c, meant) => rules.recall(mm, c, meant),
          (rr, meant) => rr.queue.recall(n, realMeant(meant)),
          meantBy(presser, n),
        );
        for (let i = 0; i < times; i += 1) {
          if (wait) advance(m, r, CALLING.repeatCallGuardSeconds);
          step(m, r);
        }
      }),
    ),
  simple('noShow', ['called'], 'no-show'),
  simple('startServing', ['called'], 'serving'),
  simple('finish', ['called', 'serving'], 'done'),
  simple('hold', ['called', 'serving'], 'held'),
  simple('hold', ['called', 'serving'], 'held'),
  // Mostly a held ticket's number; sometimes one held in a queue a counter does not serve,
  // pressed at that counter; else any ticket's, or one never issued. Pressed at once or after
  // the guard.
  fc
    .record({
      n: counterArb,
      from: fc.oneof(
        { weight: 3, arbitrary: fc.constant('held' as const) },
        fc.constant('held elsewhere' as const),
        fc.constant('any' as const),
      ),
      pick: fc.nat(),
      wait: fc.boolean(),
    })
    .map(({ n, from, pick, wait }): Command =>
      command(`callBack ${n} ${from}#${pick}${wait ? ' waiting' : ''}`, (m, r) => {
        if (wait) advance(m, r, CALLING.repeatCallGuardSeconds);
        const notServing = (t: ModelTicket) =>
          COUNTERS.find((c) => !c.services.includes(t.queue))?.number;
        const choices = m.tickets.filter(
          {
            held: (t: ModelTicket) => t.state === 'held',
            'held elsewhere': (t: ModelTicket) => t.state === 'held' && !!notServing(t),
            any: () => true,
          }[from],
        );
        const ticket = choices[pick % Math.max(1, choices.length)];
        const counter = (from === 'held elsewhere' && ticket && notServing(ticket)) || n;
        counterStep(
          'callBack',
          counter,
          (mm, c, number) => rules.callBack(mm, c, number),
          (rr, number) => rr.queue.callBack(counter, number),
          () => ticket?.number ?? 'A999',
        )(m, r);
      }),
    ),
  fc
    .record({
      n: counterArb,
      to: fc.constantFrom(A.id, B.id, A.id, B.id, 'tax'),
      presser: presserArb,
    })
    .map(({ n, to, presser }) =>
      atCounterCommand(
        'transfer',
        n,
        `${to} ${presser.by}`,
        (m, c, meant) => rules.transfer(m, c, meant, to),
        (r, meant) => r.queue.transfer(n, realMeant(meant), to),
        meantBy(presser, n),
      ),
    ),
  fc
    .record({
      n: counterArb,
      paused: weighted(1, true, false, 3),
    })
    .map(({ n, paused }) =>
      atCounterCommand(
        'setPaused',
        n,
        String(paused),
        (_m, c) => {
          c.paused = paused;
          return ok(paused);
        },
        (r) => r.queue.setPaused(n, paused),
      ),
    ),
  // Within the double-call guard (0 to 4 s) or past it (5 s, the boundary, and more).
  fc
    .oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 5, max: 90 }))
    .map((seconds): Command => command(`clock +${seconds}s`, (m, r) => advance(m, r, seconds))),
];

const KINDS = [
  'issue',
  'callNext',
  'recall',
  'noShow',
  'startServing',
  'finish',
  'hold',
  'callBack',
  'transfer',
  'setPaused',
  'clock',
];
/** Outcomes the runs must reach, so a generator that stops producing them fails the test. */
const OUTCOMES = [
  'callNext:ok',
  'callNext:ignored',
  'callNext:counter-paused',
  'callNext:unknown-counter',
  'recall:ok',
  'recall:ignored',
  'recall:no-show',
  'recall:wrong-state',
  'recall:ticket-changed',
  'noShow:ok',
  'startServing:ok',
  'finish:ok',
  'finish:no-current-ticket',
  'finish:ticket-changed',
  'noShow:ticket-changed',
  'hold:ticket-changed',
  'hold:ok',
  'callBack:ok',
  'callBack:counter-busy',
  'callBack:unknown-ticket',
  'callBack:not-served-here',
  'transfer:ok',
  'transfer:unknown-service',
  'transfer:wrong-state',
  'transfer:ticket-changed',
  'setPaused:ok',
  'clock:within-guard',
  'clock:past-guard',
];

describe('the queue against its model', () => {
  let dir: TempDir;
  let db: Database.Database;
  let real: Real;
  let at = new Date(START);

  beforeEach(() => {
    dir = makeTempDir('counter-queue-model');
    const opened = openTerminalDatabase(join(dir.path, 'terminal.sqlite'));
    if (!opened.ok) throw new Error(opened.error.message);
    db = opened.value;
    // Not the file's first day, so numbers count from 1.
    db.prepare('UPDATE database_birth SET created_at = NULL').run();
    // Thousands of commits: durability is not under test here, and syncing each costs seconds.
    db.pragma('synchronous = OFF');
    const outbox = createOutbox(db);
    const shared = db.prepare(
      `SELECT counter FROM tickets WHERE status IN ('called', 'serving')
       GROUP BY counter HAVING count(*) > 1`,
    );
    const now = () => at;
    real = {
      sharedCounters: () => shared.all(),
      tickets: createTicketStore(db, outbox, {
        timeZone: 'Asia/Shanghai',
        now,
        counters: COUNTERS,
      }),
      queue: createCounterQueue(db, outbox, {
        counters: COUNTERS,
        calling: CALLING,
        queueServiceIds: SERVICES.map((s) => s.id),
        timeZone: 'Asia/Shanghai',
        now,
      }),
      setNow: (ms) => (at = new Date(ms)),
    };
  });
  afterEach(() => {
    db.close();
    dir.remove();
  });

  it('agrees with the model after every command, and the rules hold throughout', () => {
    seen.clear();
    const setup = () => {
      db.exec(
        'DELETE FROM tickets; DELETE FROM ticket_counters; DELETE FROM counter_states; DELETE FROM outbox;',
      );
      real.setNow(START);
      const model: Model = {
        now: START,
        tickets: [],
        counters: COUNTERS.map((c) => ({ ...c, paused: false, lastCallAt: null })),
        issuedAt: new Map(),
      };
      return { model, real };
    };
    fc.assert(
      fc.property(fc.commands(commandArbs, { maxCommands: 80, size: 'max' }), (cmds) => {
        fc.modelRun(setup, cmds);
      }),
      { numRuns: 150 },
    );
    for (const kind of KINDS) expect(seen.get(kind) ?? 0, kind).toBeGreaterThan(0);
    for (const outcome of OUTCOMES) expect(seen.get(outcome) ?? 0, outcome).toBeGreaterThan(0);
    // 150 runs of up to 80 commands on a real SQLite file: 7 s alone, past 20 s once beside
    // the other suites on a loaded machine.
  }, 60_000);
});
