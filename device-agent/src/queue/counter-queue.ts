import type { Database } from 'better-sqlite3';
import type { CallingRules, Counter } from '@bianmin/config';
import type { CounterTicket, QueueCall } from '@bianmin/contract';
import type { Outbox } from '@bianmin/sync/outbox';
import { createCalls } from './counter-calls.js';
import { createCounterContext } from './counter-context.js';
import { createCounterViews } from './counter-views.js';
import { createTicketSteps } from './counter-tickets.js';
import { createQueueFigures } from './queue-figures.js';
import type { TicketState } from './queue-tables.js';

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
  | { kind: 'unknown-service' }
  /**
   * The console showed another ticket than the counter's current one (`current`, null for
   * none): a keypad or another console acted first, and the press would reach a resident staff
   * never saw.
   */
  | { kind: 'ticket-changed'; shown: string | null; current: string | null };

/**
 * The ticket an action at a counter is for: the number a console shows its staff, or, for a
 * caller keypad, which shows none to check, whichever is current when the press arrives.
 */
export type MeantTicket = { ticketNumber: string } | 'current';

/** The ticket a 下一位 finishes: as MeantTicket, but a console may show none (null). */
export type MeantNext = { ticketNumber: string | null } | 'current';

/** A call's reply: `ignored` when the double-call guard dropped it (nothing changed). */
export interface CallResult {
  ticket: CounterTicket | null;
  ignored: boolean;
}

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

/**
 * The queue at the counters (docs/architecture.md, "The queue"). Each change is one SQLite
 * transaction with its outbox event, so the centre's figures never disagree with the hall.
 * better-sqlite3 runs transactions one at a time, so two counters calling at once never get
 * the same ticket.
 */
export function createCounterQueue(db: Database, outbox: Outbox, options: QueueOptions) {
  const ctx = createCounterContext(db, outbox, options);

  const closePastDays = db.transaction((): number => {
    const at = ctx.now();
    const rows = ctx.s.open.all(ctx.today());
    for (const row of rows) {
      ctx.s.finish.run('closed', at.toISOString(), row.rowid);
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

  return {
    ...createCalls(ctx),
    ...createTicketSteps(ctx),
    ...createCounterViews(ctx),
    ...createQueueFigures(ctx),

    /**
     * Closes the tickets of past days still open (at the day's end, and at start for a
     * terminal that was off then). Returns how many.
     */
    closePastDays(): number {
      const closed = closePastDays();
      if (closed > 0) options.onChange?.();
      return closed;
    },
  };
}

export type CounterQueue = ReturnType<typeof createCounterQueue>;
