import type { Database } from 'better-sqlite3';
import { err, localDate, localDayRange, type EventLogger, type Result } from '@bianmin/common';

/** A queue service's highest count today by the centre's stored ticket events. */
interface CentreCounter {
  serviceId: string;
  lastSeq: number;
}

export interface CounterRecoveryOptions {
  /** The terminal database (openTerminalDatabase). */
  db: Database;
  timeZone: string;
  now: () => Date;
  /** The centre's counts for the terminal in the range (Uploader.ticketCounters). */
  askCentre: (range: {
    from: Date;
    to: Date;
  }) => Promise<Result<CentreCounter[], { kind: string }>>;
  /** How long the start waits for the centre before numbering from the safe range. */
  timeoutMs: number;
  logger: EventLogger;
}

/** What recovery did: nothing to do, the centre's counts, or the safe range (A501). */
export type CounterRecovery = 'not-needed' | 'centre' | 'range';

/**
 * On the first start of a database file that began today and has issued nothing yet (a file
 * that replaced a lost one), asks the centre how far each queue had counted today and numbers
 * on from there; an unreachable centre leaves the file's first day numbering from 501
 * (ticket-store.ts). Runs before the agent serves, so no ticket is issued meanwhile.
 * A file upgraded from an older release, or on a later day, needs nothing.
 */
export async function recoverTicketCounters(
  options: CounterRecoveryOptions,
): Promise<CounterRecovery> {
  const { db, timeZone, logger } = options;
  const at = options.now();
  const today = localDate(at, timeZone);
  const born = db
    .prepare<[], string | null>('SELECT created_at FROM database_birth WHERE id = 1')
    .pluck()
    .get();
  if (!born || localDate(new Date(born), timeZone) !== today) return 'not-needed';
  const settled = db
    .prepare<[string, string], number>(
      `SELECT 1 FROM ticket_counters_from_centre WHERE day = ?
       UNION ALL SELECT 1 FROM tickets WHERE day = ? LIMIT 1`,
    )
    .pluck()
    .get(today, today);
  // Tickets already numbered from the range keep it for the day, whatever the centre says.
  if (settled !== undefined) return 'not-needed';

  const { start, end } = localDayRange(at, timeZone);
  const answer = await withTimeout(options.askCentre({ from: start, to: end }), options.timeoutMs);
  if (!answer.ok) {
    logger.event('agent.ticket-counters-recovered', { source: 'range', reason: answer.error.kind });
    return 'range';
  }
  const seed = db.prepare<[string, string, number]>(
    `INSERT INTO ticket_counters (service_id, day, last_seq) VALUES (?, ?, ?)
     ON CONFLICT (service_id, day) DO UPDATE SET last_seq = MAX(last_seq, excluded.last_seq)`,
  );
  const record = db.prepare<[string, string]>(
    'INSERT OR IGNORE INTO ticket_counters_from_centre (day, recovered_at) VALUES (?, ?)',
  );
  db.transaction(() => {
    for (const counter of answer.value) seed.run(counter.serviceId, today, counter.lastSeq);
    record.run(today, at.toISOString());
  })();
  logger.event('agent.ticket-counters-recovered', {
    source: 'centre',
    services: answer.value.length,
  });
  return 'centre';
}

function withTimeout<T>(
  asked: Promise<Result<T, { kind: string }>>,
  timeoutMs: number,
): Promise<Result<T, { kind: string }>> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Result<T, { kind: string }>>((resolve) => {
    timer = setTimeout(() => resolve(err({ kind: 'timeout' })), timeoutMs);
  });
  const settled = asked.catch(() => err({ kind: 'error' }));
  return Promise.race([settled, late]).finally(() => clearTimeout(timer));
}
