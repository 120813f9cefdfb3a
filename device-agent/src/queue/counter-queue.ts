import type { Database } from 'better-sqlite3';
import { err, localDate, ok, type Result } from '@bianmin/common';
import type { CallingRules, Counter } from '@bianmin/config';
import type { Outbox } from '@bianmin/sync/outbox';
import { CALL_ORDER, createQueuePosition } from './queue-position.js';
import type { TicketState } from './queue-tables.js';
import type {
  CounterTicket,
  CounterView,
  HallSnapshot,
  QueueCall,
  QueueFigures,
  RatingRequest,
  WaitingCount,
} from '@bianmin/contract';

/** How a ticket came to be called: the first time, again, or back from hold. */
type CallKind = QueueCall['call'];

/** Why a counter's request changed nothing. */
export type QueueRefusal =
  | { kind: 'unknown-counter' }
  | { kind: 'counter-paused' }
  /** The counter has no called or serving ticket to act on. */
  | { kind: 'no-current-ticket' }
  /** The counter's current ticket is not in a state this allows (e.g. recall while serving). */
  | { kind: 'wrong-state'; state: TicketState }
  /** Call back while another ticket is at the counter: finish that one first. */
  | { kind: 'counter-busy' }
  | { kind: 'unknown-ticket' }
  /** The ticket waits in a queue this counter does not call. */
  | { kind: 'not-served-here' }
  | { kind: 'unknown-service' };

/** A call's reply: `ignored` when the double-call guard dropped it (nothing changed). */
export interface CallResult {
  ticket: CounterTicket | null;
  ignored: boolean;
}

type ServiceFigures = QueueFigures['services'][number];

export interface QueueOptions {
  counters: readonly Counter[];
  calling: CallingRules;
  /** The enabled queue services, the ones a ticket may be transferred to. */
  queueServiceIds: readonly string[];
  timeZone: string;
  now?: () => Date;
  /**
   * After a call (first, recall or call-back) has committed: the event stream tells listeners
   * (a hall display), and callers' displays and speech follow it.
   */
  onCall?: (call: QueueCall) => void;
  /** After any change has committed (calls too, after `onCall`): waiting counts may differ. */
  onChange?: () => void;
}

interface TicketRow {
  rowid: number;
  number: string;
  service_id: string;
  queue_service_id: string;
  priority: number;
  issued_at: string;
  status: TicketState;
  counter: number | null;
  recalls: number;
  called_at: string | null;
  serving_at: string | null;
  day: string;
}

const COLUMNS = `rowid, number, service_id, queue_service_id, priority, issued_at, status, counter,
  recalls, called_at, serving_at, day`;

const view = (row: TicketRow): CounterTicket => ({
  number: row.number,
  serviceId: row.queue_service_id,
  priority: row.priority === 1,
  issuedAt: row.issued_at,
  state: row.status,
  counter: row.counter,
  recalls: row.recalls,
});

const median = (values: number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = values.sort((a, b) => a - b);
  return sorted[Math.ceil(sorted.length / 2) - 1]!;
};

/**
 * The queue at the counters (docs/architecture.md, "The queue"). Each change is one SQLite
 * transaction with its outbox event, so the centre's figures never disagree with the hall.
 * better-sqlite3 runs transactions one at a time, so two counters calling at once never get
 * the same ticket.
 */
export function createCounterQueue(db: Database, outbox: Outbox, options: QueueOptions) {
  const now = options.now ?? (() => new Date());
  const today = () => localDate(now(), options.timeZone);
  const counters = new Map(options.counters.map((c) => [c.number, c]));
  const position = createQueuePosition(db, options.counters);

  const s = {
    current: db.prepare<[string, number], TicketRow>(
      `SELECT ${COLUMNS} FROM tickets
       WHERE day = ? AND counter = ? AND status IN ('called', 'serving')`,
    ),
    nextIn: db.prepare<[string, string], TicketRow>(
      `SELECT ${COLUMNS} FROM tickets WHERE day = ? AND queue_service_id = ? AND status = 'waiting'
       ORDER BY ${CALL_ORDER} LIMIT 1`,
    ),
    waitingIn: db.prepare<[string, string], TicketRow>(
      `SELECT ${COLUMNS} FROM tickets WHERE day = ? AND queue_service_id = ? AND status = 'waiting'
       ORDER BY ${CALL_ORDER}`,
    ),
    held: db.prepare<[string], TicketRow>(
      `SELECT ${COLUMNS} FROM tickets WHERE day = ? AND status = 'held' ORDER BY issued_at, rowid`,
    ),
    byNumber: db.prepare<[string, string], TicketRow>(
      `SELECT ${COLUMNS} FROM tickets WHERE day = ? AND number = ?`,
    ),
    open: db.prepare<[string], TicketRow>(
      `SELECT ${COLUMNS} FROM tickets
       WHERE day < ? AND status IN ('waiting', 'called', 'serving', 'held')`,
    ),
    today: db.prepare<[string], TicketRow & { finished_at: string | null }>(
      `SELECT ${COLUMNS}, finished_at FROM tickets WHERE day = ?`,
    ),
    setState: db.prepare<[TicketState, number]>('UPDATE tickets SET status = ? WHERE rowid = ?'),
    call: db.prepare<[number, string, number]>(
      `UPDATE tickets SET status = 'called', counter = ?, called_at = ?, serving_at = NULL,
         recalls = 0 WHERE rowid = ?`,
    ),
    recall: db.prepare<[number]>('UPDATE tickets SET recalls = recalls + 1 WHERE rowid = ?'),
    serve: db.prepare<[string, number]>(
      `UPDATE tickets SET status = 'serving', serving_at = ? WHERE rowid = ?`,
    ),
    finish: db.prepare<[TicketState, string, number]>(
      'UPDATE tickets SET status = ?, finished_at = ? WHERE rowid = ?',
    ),
    requeue: db.prepare<[string, number]>(
      `UPDATE tickets SET status = 'waiting', queue_service_id = ?, counter = NULL,
         called_at = NULL, serving_at = NULL, recalls = 0 WHERE rowid = ?`,
    ),
    counterState: db.prepare<[number], { paused: number; last_call_at: string | null }>(
      'SELECT paused, last_call_at FROM counter_states WHERE number = ?',
    ),
    waitingCounts: db.prepare<[string], { queue_service_id: string; waiting: number }>(
      `SELECT queue_service_id, count(*) AS waiting FROM tickets
       WHERE day = ? AND status = 'waiting' GROUP BY queue_service_id`,
    ),
    recentCalls: db.prepare<[string, number], TicketRow>(
      `SELECT ${COLUMNS} FROM tickets WHERE day = ? AND called_at IS NOT NULL
         AND counter IS NOT NULL ORDER BY called_at DESC, rowid DESC LIMIT ?`,
    ),
    setPaused: db.prepare<[number, number]>(
      `INSERT INTO counter_states (number, paused) VALUES (?, ?)
       ON CONFLICT (number) DO UPDATE SET paused = excluded.paused`,
    ),
    markCall: db.prepare<[number, string]>(
      `INSERT INTO counter_states (number, last_call_at) VALUES (?, ?)
       ON CONFLICT (number) DO UPDATE SET last_call_at = excluded.last_call_at`,
    ),
  };

  const stateOf = (number: number) =>
    s.counterState.get(number) ?? { paused: 0, last_call_at: null };
  const current = (number: number) => s.current.get(today(), number);
  const reread = (row: TicketRow) => view(s.byNumber.get(row.day, row.number)!);

  /** True while a call of this counter is younger than the guard: a second press is dropped. */
  const guarded = (number: number, at: Date) => {
    const last = stateOf(number).last_call_at;
    return (
      last !== null &&
      at.getTime() - Date.parse(last) < options.calling.repeatCallGuardSeconds * 1000
    );
  };

  const base = (row: TicketRow, counter: number) => ({
    ticketNumber: row.number,
    serviceId: row.queue_service_id,
    counter,
  });

  function markCalled(row: TicketRow, counter: Counter, call: CallKind, at: Date): QueueCall {
    s.markCall.run(counter.number, at.toISOString());
    outbox.append({
      type: 'queue.called',
      createdAt: at,
      payload: { ...base(row, counter.number), call, issuedAt: row.issued_at },
    });
    return { ...base(row, counter.number), counterName: counter.name, call };
  }

  function finishRow(row: TicketRow, counter: number, at: Date): void {
    s.finish.run('done', at.toISOString(), row.rowid);
    const from = Date.parse(row.serving_at ?? row.called_at ?? row.issued_at);
    outbox.append({
      type: 'queue.done',
      createdAt: at,
      payload: { ...base(row, counter), serviceMs: Math.max(0, at.getTime() - from) },
    });
  }

  function noShowRow(row: TicketRow, counter: number, at: Date): void {
    s.finish.run('no-show', at.toISOString(), row.rowid);
    outbox.append({
      type: 'queue.no-show',
      createdAt: at,
      payload: { ...base(row, counter), recalls: row.recalls },
    });
  }

  type Step<T> = Result<{ value: T; call?: QueueCall }, QueueRefusal>;

  /** One change: its rows and events commit together; a call is announced after the commit. */
  function change<A extends unknown[], T>(
    step: (counter: Counter, at: Date, ...args: A) => Step<T>,
  ) {
    const tx = db.transaction((number: number, ...args: A): Step<T> => {
      const counter = counters.get(number);
      if (!counter) return err({ kind: 'unknown-counter' });
      return step(counter, now(), ...args);
    });
    return (number: number, ...args: A): Result<T, QueueRefusal> => {
      const done = tx(number, ...args);
      if (!done.ok) return done;
      if (done.value.call) options.onCall?.(done.value.call);
      options.onChange?.();
      return ok(done.value.value);
    };
  }

  /** The counter's called (or serving) ticket in one of the given states. */
  function currentIn(
    counter: Counter,
    states: readonly TicketState[],
  ): Result<TicketRow, QueueRefusal> {
    const row = current(counter.number);
    if (!row) return err({ kind: 'no-current-ticket' });
    if (!states.includes(row.status)) return err({ kind: 'wrong-state', state: row.status });
    return ok(row);
  }

  const ignored = (counter: Counter): Step<CallResult> => {
    const row = current(counter.number);
    return ok({ value: { ticket: row ? view(row) : null, ignored: true } });
  };

  const closePastDays = db.transaction((): number => {
    const at = now();
    const rows = s.open.all(today());
    for (const row of rows) {
      s.finish.run('closed', at.toISOString(), row.rowid);
      outbox.append({
        type: 'queue.closed',
        createdAt: at,
        payload: {
          ticketNumber: row.number,
          serviceId: row.queue_service_id,
          state: row.status as 'waiting' | 'called' | 'serving' | 'held',
        },
      });
    }
    return rows.length;
  });

  const queue = {
    /**
     * Finishes the counter's current ticket (done) and calls the next: the first of the
     * counter's services, in its order, with a ticket waiting; within it 绿色通道 first, then
     * by issue time. `ticket` is null when no one waits.
     */
    callNext: change((counter, at): Step<CallResult> => {
      if (stateOf(counter.number).paused === 1) return err({ kind: 'counter-paused' });
      if (guarded(counter.number, at)) return ignored(counter);
      const before = current(counter.number);
      if (before) finishRow(before, counter.number, at);
      const day = today();
      for (const serviceId of counter.services) {
        const next = s.nextIn.get(day, serviceId);
        if (!next) continue;
        s.call.run(counter.number, at.toISOString(), next.rowid);
        const call = markCalled(next, counter, 'first', at);
        return ok({ value: { ticket: reread(next), ignored: false }, call });
      }
      return ok({ value: { ticket: null, ignored: false } });
    }),

    /**
     * Calls the current ticket again; past `recallsBeforeNoShow` recalls the resident has
     * not come, and the ticket is marked no-show (过号) instead.
     */
    recall: change((counter, at): Step<CallResult & { noShow: boolean }> => {
      const row = currentIn(counter, ['called']);
      if (!row.ok) return row;
      if (guarded(counter.number, at)) {
        return ok({ value: { ticket: view(row.value), ignored: true, noShow: false } });
      }
      if (row.value.recalls >= options.calling.recallsBeforeNoShow) {
        noShowRow(row.value, counter.number, at);
        return ok({ value: { ticket: reread(row.value), ignored: false, noShow: true } });
      }
      s.recall.run(row.value.rowid);
      const call = markCalled(row.value, counter, 'recall', at);
      return ok({ value: { ticket: reread(row.value), ignored: false, noShow: false }, call });
    }),

    noShow: change((counter, at): Step<CounterTicket> => {
      const row = currentIn(counter, ['called']);
      if (!row.ok) return row;
      noShowRow(row.value, counter.number, at);
      return ok({ value: reread(row.value) });
    }),

    startServing: change((counter, at): Step<CounterTicket> => {
      const row = currentIn(counter, ['called']);
      if (!row.ok) return row;
      s.serve.run(at.toISOString(), row.value.rowid);
      outbox.append({
        type: 'queue.serving',
        createdAt: at,
        payload: base(row.value, counter.number),
      });
      return ok({ value: reread(row.value) });
    }),

    finish: change((counter, at): Step<CounterTicket> => {
      const row = currentIn(counter, ['called', 'serving']);
      if (!row.ok) return row;
      finishRow(row.value, counter.number, at);
      return ok({ value: reread(row.value) });
    }),

    /** The resident stepped away: the ticket waits, out of the queue, to be called back. */
    hold: change((counter, at): Step<CounterTicket> => {
      const row = currentIn(counter, ['called', 'serving']);
      if (!row.ok) return row;
      s.setState.run('held', row.value.rowid);
      outbox.append({
        type: 'queue.held',
        createdAt: at,
        payload: base(row.value, counter.number),
      });
      return ok({ value: reread(row.value) });
    }),

    /** Calls a held ticket of one of the counter's services to this counter. */
    callBack: change((counter, at, number: string): Step<CallResult> => {
      if (guarded(counter.number, at)) return ignored(counter);
      if (current(counter.number)) return err({ kind: 'counter-busy' });
      const row = s.byNumber.get(today(), number);
      if (!row || row.status !== 'held') return err({ kind: 'unknown-ticket' });
      if (!counter.services.includes(row.queue_service_id)) return err({ kind: 'not-served-here' });
      s.call.run(counter.number, at.toISOString(), row.rowid);
      const call = markCalled(row, counter, 'call-back', at);
      return ok({ value: { ticket: reread(row), ignored: false }, call });
    }),

    /**
     * Sends the current ticket to another service's queue. It keeps its number and issue
     * time, so it waits there in the place its issue time gives it.
     */
    transfer: change((counter, at, toServiceId: string): Step<CounterTicket> => {
      if (!options.queueServiceIds.includes(toServiceId)) return err({ kind: 'unknown-service' });
      const row = currentIn(counter, ['called', 'serving']);
      if (!row.ok) return row;
      if (row.value.queue_service_id === toServiceId) {
        return err({ kind: 'wrong-state', state: row.value.status });
      }
      s.requeue.run(toServiceId, row.value.rowid);
      outbox.append({
        type: 'queue.transferred',
        createdAt: at,
        payload: {
          ticketNumber: row.value.number,
          fromServiceId: row.value.queue_service_id,
          toServiceId,
          counter: counter.number,
        },
      });
      return ok({ value: reread(row.value) });
    }),

    /** A paused counter calls no one; it stops counting towards the estimated waits. */
    setPaused: change((counter, at, paused: boolean): Step<boolean> => {
      if ((stateOf(counter.number).paused === 1) === paused) return ok({ value: paused });
      s.setPaused.run(counter.number, paused ? 1 : 0);
      outbox.append({
        type: 'queue.counter-paused',
        createdAt: at,
        payload: { counter: counter.number, paused },
      });
      return ok({ value: paused });
    }),

    /**
     * Closes the tickets of past days still open (at the day's end, and at start for a
     * terminal that was off then). Returns how many.
     */
    closePastDays(): number {
      const closed = closePastDays();
      if (closed > 0) options.onChange?.();
      return closed;
    },

    /** Today's waiting tickets per queue service, counted. */
    waitingCounts(): WaitingCount[] {
      const counts = new Map(
        s.waitingCounts.all(today()).map((r) => [r.queue_service_id, r.waiting]),
      );
      return options.queueServiceIds.map((serviceId) => ({
        serviceId,
        waiting: counts.get(serviceId) ?? 0,
      }));
    },

    /** Today's latest calls, newest first; a recall does not move a ticket up. */
    recentCalls(limit: number): HallSnapshot['recentCalls'] {
      return s.recentCalls.all(today(), limit).map((row) => ({
        ticketNumber: row.number,
        serviceId: row.queue_service_id,
        counter: row.counter!,
        counterName: counters.get(row.counter!)?.name ?? `${row.counter}`,
        calledAt: row.called_at!,
      }));
    },

    counter(number: number): CounterView | undefined {
      const counter = counters.get(number);
      if (!counter) return undefined;
      const row = current(number);
      return {
        number,
        name: counter.name,
        services: [...counter.services],
        paused: stateOf(number).paused === 1,
        current: row ? view(row) : null,
      };
    },

    /**
     * What a rating (好差评) asked for at this counter is about: its current ticket's queue.
     * The web console's 请评价 and a caller keypad's rate key both ask through this.
     */
    ratingRequest(
      number: number,
    ): Result<{ request: RatingRequest; ticket: CounterTicket }, QueueRefusal> {
      const view = queue.counter(number);
      if (!view) return err({ kind: 'unknown-counter' });
      if (!view.current) return err({ kind: 'no-current-ticket' });
      return ok({
        request: {
          counter: view.number,
          counterName: view.name,
          serviceId: view.current.serviceId,
        },
        ticket: view.current,
      });
    },

    counters: (): CounterView[] => options.counters.map((c) => queue.counter(c.number)!),

    /** Today's waiting tickets per queue service, in call order, and the held ones. */
    waiting() {
      const day = today();
      return {
        services: options.queueServiceIds.map((serviceId) => ({
          serviceId,
          tickets: s.waitingIn.all(day, serviceId).map(view),
        })),
        held: s.held.all(day).map(view),
      };
    },

    /** Today's figures per queue service. */
    figures(): ServiceFigures[] {
      const day = today();
      const rows = s.today.all(day);
      return options.queueServiceIds.map((serviceId) => {
        const issued = rows.filter((r) => r.service_id === serviceId);
        const inQueue = rows.filter((r) => r.queue_service_id === serviceId);
        const count = (state: TicketState) => inQueue.filter((r) => r.status === state).length;
        const waits = issued.flatMap((r) =>
          r.called_at && r.service_id === r.queue_service_id
            ? [Date.parse(r.called_at) - Date.parse(r.issued_at)]
            : [],
        );
        const services = inQueue.flatMap((r) =>
          r.status === 'done' && r.finished_at
            ? [Date.parse(r.finished_at) - Date.parse(r.serving_at ?? r.called_at ?? r.issued_at)]
            : [],
        );
        const waiting = count('waiting');
        return {
          serviceId,
          issued: issued.length,
          waiting,
          held: count('held'),
          done: count('done'),
          noShow: count('no-show'),
          medianWaitMs: median(waits),
          medianServiceMs: median(services),
          estimatedWait: position.estimate(day, serviceId, waiting) ?? null,
        };
      });
    },
  };
  return queue;
}

export type CounterQueue = ReturnType<typeof createCounterQueue>;
