import type pg from 'pg';
import { LEGACY_EPOCH, type EventBatch, type TerminalEvent } from '@bianmin/contract';
import { eventTime } from '../../corrected-time.js';
import { lastTicketSeqsOf, type EventStore } from '../../event-store.js';
import type { IngestOutcome } from '../../ingest.js';
import { createMonthlyPartitions } from './partitions.js';
import { createBatchQueue } from './batch-queue.js';

interface Row {
  event: TerminalEvent;
  /** Milliseconds since the epoch: what the database is sent, and compared on resends. */
  createdAt: number;
  at: number;
  uncertain: boolean;
}

/** What the centre held for a seq sent again, as ingest_events returns it. */
interface HeldEvent {
  seq: number;
  type: string | null;
  createdAt: string | null;
  payload: string | null;
}

const sameContent = (row: Row, held: HeldEvent | undefined) =>
  held !== undefined &&
  held.type === row.event.type &&
  held.createdAt !== null &&
  new Date(held.createdAt).getTime() === row.createdAt &&
  held.payload === JSON.stringify(row.event.payload);

interface Prepared {
  batch: EventBatch;
  terminalId: string;
  epoch: string;
  sentAt: string;
  receivedAt: string;
  rows: Row[];
  /** One corrected time (ISO) per day the events fall on: the partitions they need. */
  days: string[];
  /** The first occurrence of each seq: the one that may be stored (later ones duplicate it). */
  firstBySeq: Map<number, Row>;
}

function prepare(batch: EventBatch, receivedAt: Date): Prepared {
  const sentAt = new Date(batch.sentAt);
  const days = new Map<number, Date>();
  const rows: Row[] = batch.events.map((event) => {
    const createdAt = new Date(event.createdAt);
    const time = eventTime(createdAt, sentAt, receivedAt);
    const at = time.at.getTime();
    days.set(Math.floor(at / DAY_MS), time.at);
    return { event, createdAt: createdAt.getTime(), at, uncertain: time.uncertain };
  });
  const firstBySeq = new Map<number, Row>();
  for (const row of rows) if (!firstBySeq.has(row.event.seq)) firstBySeq.set(row.event.seq, row);
  return {
    batch,
    terminalId: batch.terminalId,
    epoch: batch.epoch ?? LEGACY_EPOCH,
    sentAt: sentAt.toISOString(),
    receivedAt: receivedAt.toISOString(),
    rows,
    days: [...days.values()].map((d) => d.toISOString()),
    firstBySeq,
  };
}

const DAY_MS = 86_400_000;

const keyOf = (terminalId: string, epoch: string) => `${terminalId}\u0000${epoch}`;

/** Most batches written in one transaction, and most such transactions at once. */
const MAX_GROUP = 32;
const MAX_RUNNING_GROUPS = 3;

interface GroupRow {
  batch: number;
  run_from: number;
  seqs_lost: number;
  reached: number | null;
  held: HeldEvent[] | null;
}

/**
 * Ingests several batches, of distinct (terminal, epoch), in one call of ingest_events
 * (central-migrations.ts): one round trip and one commit, answered after the WAL flush.
 * The batches go sorted by (terminal, epoch), the order their positions are locked in, so
 * concurrent groups (other instances) cannot deadlock. The events go as one JSON text: the
 * payloads in it are the exact text stored, and one JSON.stringify costs far less than
 * `pg`'s escaping of ten arrays (docs/benchmarks.md, "Fifth round"); its times are numbers,
 * which neither side has to format or parse as text ("Seventh round").
 */
async function ingestGroup(pool: pg.Pool, group: Prepared[]): Promise<IngestOutcome[]> {
  const sorted = [...group].sort((a, b) =>
    a.terminalId < b.terminalId
      ? -1
      : a.terminalId > b.terminalId
        ? 1
        : a.epoch < b.epoch
          ? -1
          : a.epoch > b.epoch
            ? 1
            : 0,
  );
  const events: unknown[] = [];
  sorted.forEach((p, i) => {
    for (const row of p.firstBySeq.values()) {
      events.push({
        b: i + 1,
        q: row.event.seq,
        y: row.event.type,
        c: row.createdAt,
        a: row.at,
        u: row.uncertain,
        p: row.event.payload,
      });
    }
  });
  const result = await pool.query<GroupRow>({
    name: 'ingest_events',
    text: 'SELECT batch, run_from, seqs_lost, reached, held FROM ingest_events($1, $2, $3, $4, $5, $6)',
    values: [
      sorted.map((p) => p.terminalId),
      sorted.map((p) => p.epoch),
      sorted.map((p) => p.receivedAt),
      sorted.map((p) => p.sentAt),
      sorted.map((p) => (p.batch.heldFrom ?? 1) - 1),
      JSON.stringify(events),
    ],
  });
  const byBatch = new Map<Prepared, GroupRow>();
  for (const row of result.rows) byBatch.set(sorted[row.batch - 1] as Prepared, row);

  return group.map((p) => {
    const found = byBatch.get(p);
    if (found === undefined) throw new Error('ingest_events returned no row for a batch');
    const held = new Map((found.held ?? []).map((h) => [h.seq, h] as const));
    const outcome = { stored: 0, duplicates: 0, conflicts: 0 };
    const conflicting: number[] = [];
    const counted = new Set<number>();
    for (const row of p.rows) {
      const { seq } = row.event;
      const seqIsNew = !held.has(seq);
      if (seqIsNew && !counted.has(seq)) {
        counted.add(seq);
        outcome.stored += 1;
        continue;
      }
      outcome.duplicates += 1;
      const first = p.firstBySeq.get(seq) as Row;
      const same = seqIsNew
        ? first.event.type === row.event.type &&
          first.createdAt === row.createdAt &&
          JSON.stringify(first.event.payload) === JSON.stringify(row.event.payload)
        : sameContent(row, held.get(seq));
      if (!same) {
        outcome.conflicts += 1;
        conflicting.push(seq);
      }
    }
    const reached = found.reached ?? found.run_from;
    const conflictingSeqs = [...new Set(conflicting)].sort((a, b) => a - b);
    const firstConflict = conflictingSeqs[0];
    return {
      ...outcome,
      epoch: p.epoch,
      ackedUpTo: firstConflict === undefined ? reached : Math.min(reached, firstConflict - 1),
      conflictingSeqs,
      lost: found.seqs_lost,
    };
  });
}

/**
 * The EventStore on PostgreSQL (schema: CENTRAL_POSTGRES_MIGRATIONS), with the SQLite
 * store's behaviour (ingest.ts): dedupe by (terminal, epoch, seq), conflicts, heldFrom.
 * Batches arriving together are written in one transaction (one commit, one set of
 * statements), each answered only after it commits; a group that fails is retried batch by
 * batch, so one failing batch fails alone. Several centre instances may share the
 * database: a batch locks its (terminal, epoch) position row, so batches of one epoch are
 * ingested one after another.
 */
export function createPostgresEventStore(pool: pg.Pool): EventStore {
  const ensurePartitions = createMonthlyPartitions(pool);
  const queue = createBatchQueue<Prepared, IngestOutcome>({
    maxGroup: MAX_GROUP,
    maxRunning: MAX_RUNNING_GROUPS,
    write: async (group) => {
      try {
        const outcomes = await ingestGroup(pool, group);
        return outcomes.map((value) => ({ status: 'fulfilled', value }));
      } catch (error) {
        if (group.length === 1) return [{ status: 'rejected', reason: error }];
        return Promise.allSettled(
          group.map(async (p) => {
            const [outcome] = await ingestGroup(pool, [p]);
            return outcome as IngestOutcome;
          }),
        );
      }
    },
  });

  const ingest = async (batch: EventBatch, receivedAt: Date): Promise<IngestOutcome> => {
    const prepared = prepare(batch, receivedAt);
    await ensurePartitions(prepared.days);
    return queue.run(keyOf(prepared.terminalId, prepared.epoch), prepared);
  };

  return {
    ingest,
    position: async (terminalId, epoch) => {
      const found = await pool.query<{ acked_up_to: number }>(
        'SELECT acked_up_to FROM delivery_positions WHERE terminal_id = $1 AND epoch = $2',
        [terminalId, epoch],
      );
      return { epoch, ackedUpTo: found.rows[0]?.acked_up_to ?? 0 };
    },
    lastTicketSeqs: async (terminalId, from, to) => {
      const found = await pool.query<{ payload: string }>(
        `SELECT payload FROM events
         WHERE terminal_id = $1 AND type = 'ticket.issued' AND created_at >= $2 AND created_at < $3`,
        [terminalId, from, to],
      );
      return lastTicketSeqsOf(found.rows.map((row) => row.payload));
    },
  };
}
