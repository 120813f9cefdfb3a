import type { Database } from 'better-sqlite3';
import { err, localDate, ok, type Result } from '@bianmin/common';
import type { Counter } from '@bianmin/config';
import type { CounterTicket, QueueCall } from '@bianmin/contract';
import type { Outbox } from '@bianmin/sync/outbox';
import type { MeantTicket, QueueOptions, QueueRefusal } from './counter-queue.js';
import {
  prepareCounterStatements,
  view,
  type CounterStatements,
  type TicketRow,
} from './counter-rows.js';
import type { TicketState } from './queue-tables.js';

/** What every part of the counter queue reads and writes through. */
export interface CounterContext {
  db: Database;
  outbox: Outbox;
  options: QueueOptions;
  s: CounterStatements;
  counters: ReadonlyMap<number, Counter>;
  now(): Date;
  /** Today in the terminal's time zone: the day whose tickets are called. */
  today(): string;
  stateOf(counter: number): { paused: number; last_call_at: string | null };
  /** The counter's called or serving ticket today. */
  current(counter: number): TicketRow | undefined;
  /** The ticket as it is now, after a change to its row. */
  reread(row: TicketRow): CounterTicket;
}

export function createCounterContext(
  db: Database,
  outbox: Outbox,
  options: QueueOptions,
): CounterContext {
  const now = options.now ?? (() => new Date());
  const today = () => localDate(now(), options.timeZone);
  const s = prepareCounterStatements(db);
  return {
    db,
    outbox,
    options,
    s,
    counters: new Map(options.counters.map((c) => [c.number, c])),
    now,
    today,
    stateOf: (number) => s.counterState.get(number) ?? { paused: 0, last_call_at: null },
    current: (number) => s.current.get(today(), number),
    reread: (row) => view(s.byNumber.get(row.day, row.number)!),
  };
}

/** A change's outcome: its value and, for a call, the call to announce after the commit. */
export type Step<T> = Result<{ value: T; call?: QueueCall }, QueueRefusal>;

/** One change: its rows and events commit together; a call is announced after the commit. */
export function changeOf(ctx: CounterContext) {
  return <A extends unknown[], T>(step: (counter: Counter, at: Date, ...args: A) => Step<T>) => {
    const tx = ctx.db.transaction((number: number, ...args: A): Step<T> => {
      const counter = ctx.counters.get(number);
      if (!counter) return err({ kind: 'unknown-counter' });
      return step(counter, ctx.now(), ...args);
    });
    return (number: number, ...args: A): Result<T, QueueRefusal> => {
      const done = tx(number, ...args);
      if (!done.ok) return done;
      if (done.value.call) ctx.options.onCall?.(done.value.call);
      ctx.options.onChange?.();
      return ok(done.value.value);
    };
  };
}

/**
 * The counter's called (or serving) ticket in one of the given states, and the one meant: a
 * console's press names the ticket it shows, which a keypad press or another console may have
 * finished meanwhile.
 */
export function currentIn(
  ctx: CounterContext,
  counter: Counter,
  meant: MeantTicket,
  states: readonly TicketState[],
): Result<TicketRow, QueueRefusal> {
  const row = ctx.current(counter.number);
  if (meant !== 'current' && row?.number !== meant.ticketNumber) {
    return err({ kind: 'ticket-changed', shown: meant.ticketNumber, current: row?.number ?? null });
  }
  if (!row) return err({ kind: 'no-current-ticket' });
  if (!states.includes(row.status)) return err({ kind: 'wrong-state', state: row.status });
  return ok(row);
}

/** What every queue event says of its ticket. */
export const ticketAt = (row: TicketRow, counter: number) => ({
  ticketNumber: row.number,
  serviceId: row.queue_service_id,
  counter,
});
