import type pg from 'pg';
import { LEGACY_EPOCH, type EventBatch, type TerminalEvent } from '@bianmin/contract';
import { eventTime } from '../../corrected-time.js';
import { lastTicketSeqsOf, type EventStore } from '../../event-store.js';
import type { IngestOutcome } from '../../ingest.js';
import { createMonthlyPartitions } from './partitions.js';
import { createBatchQueue } from './batch-queue.js';
import { inTransaction } from './transaction.js';

interface Row {
  event: TerminalEvent;
  createdAt: string;
  payload: string;
  at: Date;
  uncertain: boolean;
}

interface StoredEvent {
  seq: number;
  type: string;
  created_at: Date;
  payload: string;
}

const sameContent = (row: Row, stored: Pick<StoredEvent, 'type' | 'created_at' | 'payload'>) =>
  stored.type === row.event.type &&
  stored.created_at.toISOString() === row.createdAt &&
  stored.payload === row.payload;

interface Prepared {
  batch: EventBatch;
  terminalId: string;
  epoch: string;
  sentAt: Date;
  receivedAt: Date;
  rows: Row[];
  /** The first occurrence of each seq: the one that may be stored (later ones duplicate it). */
  firstBySeq: Map<number, Row>;
}

function prepare(batch: EventBatch, receivedAt: Date): Prepared {
  const sentAt = new Date(batch.sentAt);
  const rows: Row[] = batch.events.map((event) => {
    const createdAt = new Date(event.createdAt);
    const time = eventTime(createdAt, sentAt, receivedAt);
    return {
      event,
      createdAt: createdAt.toISOString(),
      payload: JSON.stringify(event.payload),
      at: time.at,
      uncertain: time.uncertain,
    };
  });
  const firstBySeq = new Map<number, Row>();
  for (const row of rows) if (!firstBySeq.has(row.event.seq)) firstBySeq.set(row.event.seq, row);
  return {
    batch,
    terminalId: batch.terminalId,
    epoch: batch.epoch ?? LEGACY_EPOCH,
    sentAt,
    receivedAt,
    rows,
    firstBySeq,
  };
}

const keyOf = (terminalId: string, epoch: string) => `${terminalId}\u0000${epoch}`;

/** Most batches written in one transaction, and most such transactions at once. */
const MAX_GROUP = 32;
const MAX_RUNNING_GROUPS = 3;

/**
 * Ingests several batches, of distinct (terminal, epoch), in the caller's transaction with
 * one set of statements for all of them: the positions are locked in one statement, in
 * (terminal, epoch) order so that concurrent groups (other instances) cannot deadlock.
 */
async function ingestGroup(client: pg.PoolClient, group: Prepared[]): Promise<IngestOutcome[]> {
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
  // The terminals and their positions, the position rows locked (an upsert locks the row it
  // finds as well as one it makes).
  const positions = await client.query<{ terminal_id: string; epoch: string; acked_up_to: number }>(
    `WITH k AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[]) WITH ORDINALITY
         AS k(terminal_id, epoch, received_at, n)
     ), seen AS (
       INSERT INTO terminals (terminal_id, first_seen_at)
       SELECT terminal_id, received_at FROM k ORDER BY n ON CONFLICT DO NOTHING
     )
     INSERT INTO delivery_positions (terminal_id, epoch, acked_up_to, first_seen_at)
     SELECT terminal_id, epoch, 0, received_at FROM k ORDER BY n
     ON CONFLICT (terminal_id, epoch) DO UPDATE SET acked_up_to = delivery_positions.acked_up_to
     RETURNING terminal_id, epoch, acked_up_to`,
    [sorted.map((p) => p.terminalId), sorted.map((p) => p.epoch), sorted.map((p) => p.receivedAt)],
  );
  const ackedBefore = new Map(
    positions.rows.map((r) => [keyOf(r.terminal_id, r.epoch), r.acked_up_to] as const),
  );

  // The seqs the centre lacked and their events, in one statement: the events insert reads
  // what the event_seqs insert returned.
  const firsts = group.flatMap((p) => [...p.firstBySeq.values()].map((row) => ({ p, row })));
  const inserted = await client.query<{ terminal_id: string; epoch: string; seq: number }>(
    `WITH t AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::integer[], $4::text[], $5::timestamptz[],
         $6::timestamptz[], $7::timestamptz[], $8::timestamptz[], $9::boolean[], $10::text[])
         AS t(terminal_id, epoch, seq, type, created, sent, received, at, uncertain, payload)
     ), fresh AS (
       INSERT INTO event_seqs (terminal_id, epoch, seq, corrected_at)
       SELECT terminal_id, epoch, seq, at FROM t
       ON CONFLICT DO NOTHING RETURNING terminal_id, epoch, seq
     ), stored AS (
       INSERT INTO events (terminal_id, epoch, seq, type, created_at, sent_at, received_at,
         corrected_at, time_uncertain, payload)
       SELECT t.terminal_id, t.epoch, t.seq, type, created, sent, received, at, uncertain, payload
       FROM t JOIN fresh USING (terminal_id, epoch, seq)
     )
     SELECT terminal_id, epoch, seq FROM fresh`,
    [
      firsts.map((f) => f.p.terminalId),
      firsts.map((f) => f.p.epoch),
      firsts.map((f) => f.row.event.seq),
      firsts.map((f) => f.row.event.type),
      firsts.map((f) => f.row.createdAt),
      firsts.map((f) => f.p.sentAt),
      firsts.map((f) => f.p.receivedAt),
      firsts.map((f) => f.row.at),
      firsts.map((f) => f.row.uncertain),
      firsts.map((f) => f.row.payload),
    ],
  );
  const fresh = new Set(inserted.rows.map((r) => `${keyOf(r.terminal_id, r.epoch)}\u0000${r.seq}`));
  const isNew = (p: Prepared, seq: number) =>
    fresh.has(`${keyOf(p.terminalId, p.epoch)}\u0000${seq}`);

  // What the centre already held for the seqs sent again (resends), to tell duplicates from
  // conflicts. Joined on corrected_at so each lookup reads only its month's partition.
  const old = firsts.filter((f) => !isNew(f.p, f.row.event.seq));
  const stored = new Map<string, StoredEvent>();
  if (old.length > 0) {
    const previous = await client.query<StoredEvent & { terminal_id: string; epoch: string }>(
      `SELECT e.terminal_id, e.epoch, e.seq, e.type, e.created_at, e.payload
       FROM unnest($1::text[], $2::text[], $3::integer[]) AS k(terminal_id, epoch, seq)
       JOIN event_seqs s USING (terminal_id, epoch, seq)
       JOIN events e USING (terminal_id, epoch, seq, corrected_at)`,
      [old.map((f) => f.p.terminalId), old.map((f) => f.p.epoch), old.map((f) => f.row.event.seq)],
    );
    for (const row of previous.rows)
      stored.set(`${keyOf(row.terminal_id, row.epoch)}\u0000${row.seq}`, row);
  }

  // Below heldFrom the terminal has nothing left to send (ingest.ts says why); rare, so
  // counted batch by batch.
  const starts = new Map<Prepared, { from: number; lost: number }>();
  for (const p of sorted) {
    let from = ackedBefore.get(keyOf(p.terminalId, p.epoch)) ?? 0;
    let lost = 0;
    const floor = (p.batch.heldFrom ?? 1) - 1;
    if (from < floor) {
      const held = await client.query<{ n: number }>(
        `SELECT COUNT(*)::integer AS n FROM event_seqs
         WHERE terminal_id = $1 AND epoch = $2 AND seq > $3 AND seq <= $4`,
        [p.terminalId, p.epoch, from, floor],
      );
      lost = floor - from - (held.rows[0]?.n ?? 0);
      from = floor;
    }
    starts.set(p, { from, lost });
  }

  // The run from+1, from+2, ... is where seq - its rank equals from; each position moves to
  // its run's end in the same statement.
  const advanced = await client.query<{ terminal_id: string; epoch: string; acked: number }>(
    `WITH k AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::integer[]) AS k(terminal_id, epoch, from_seq)
     ), run AS (
       SELECT k.terminal_id, k.epoch, COALESCE((
         SELECT MAX(seq) FROM (
           SELECT seq, seq - ROW_NUMBER() OVER (ORDER BY seq) AS offset_from
           FROM event_seqs s WHERE s.terminal_id = k.terminal_id AND s.epoch = k.epoch AND s.seq > k.from_seq
         ) r WHERE offset_from = k.from_seq), k.from_seq) AS acked
       FROM k
     )
     UPDATE delivery_positions d SET acked_up_to = run.acked FROM run
     WHERE d.terminal_id = run.terminal_id AND d.epoch = run.epoch
     RETURNING d.terminal_id, d.epoch, run.acked`,
    [
      sorted.map((p) => p.terminalId),
      sorted.map((p) => p.epoch),
      sorted.map((p) => (starts.get(p) as { from: number }).from),
    ],
  );
  const ackedAfter = new Map(
    advanced.rows.map((r) => [keyOf(r.terminal_id, r.epoch), r.acked] as const),
  );

  return group.map((p) => {
    const key = keyOf(p.terminalId, p.epoch);
    const outcome = { stored: 0, duplicates: 0, conflicts: 0 };
    const conflicting: number[] = [];
    const counted = new Set<number>();
    for (const row of p.rows) {
      const { seq } = row.event;
      const seqIsNew = isNew(p, seq);
      if (seqIsNew && !counted.has(seq)) {
        counted.add(seq);
        outcome.stored += 1;
        continue;
      }
      outcome.duplicates += 1;
      const first = p.firstBySeq.get(seq) as Row;
      const previous = stored.get(`${key}\u0000${seq}`);
      const same = seqIsNew
        ? sameContent(row, {
            type: first.event.type,
            created_at: new Date(first.createdAt),
            payload: first.payload,
          })
        : previous !== undefined && sameContent(row, previous);
      if (!same) {
        outcome.conflicts += 1;
        conflicting.push(seq);
      }
    }
    const { from, lost } = starts.get(p) as { from: number; lost: number };
    const held = ackedAfter.get(key) ?? from;
    const conflictingSeqs = [...new Set(conflicting)].sort((a, b) => a - b);
    const firstConflict = conflictingSeqs[0];
    return {
      ...outcome,
      epoch: p.epoch,
      ackedUpTo: firstConflict === undefined ? held : Math.min(held, firstConflict - 1),
      conflictingSeqs,
      lost,
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
        const outcomes = await inTransaction(pool, (client) => ingestGroup(client, group));
        return outcomes.map((value) => ({ status: 'fulfilled', value }));
      } catch (error) {
        if (group.length === 1) return [{ status: 'rejected', reason: error }];
        return Promise.allSettled(
          group.map(async (p) => {
            const [outcome] = await inTransaction(pool, (client) => ingestGroup(client, [p]));
            return outcome as IngestOutcome;
          }),
        );
      }
    },
  });

  const ingest = async (batch: EventBatch, receivedAt: Date): Promise<IngestOutcome> => {
    const prepared = prepare(batch, receivedAt);
    await ensurePartitions(prepared.rows.map((r) => r.at));
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
