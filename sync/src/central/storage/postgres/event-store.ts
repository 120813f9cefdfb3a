import type pg from 'pg';
import { LEGACY_EPOCH, type EventBatch, type TerminalEvent } from '@bianmin/contract';
import { eventTime } from '../../corrected-time.js';
import { lastTicketSeqsOf, type EventStore } from '../../event-store.js';
import type { IngestOutcome } from '../../ingest.js';
import { createMonthlyPartitions } from './partitions.js';
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

/**
 * The EventStore on PostgreSQL (schema: CENTRAL_POSTGRES_MIGRATIONS), with the SQLite
 * store's behaviour (ingest.ts): dedupe by (terminal, epoch, seq), conflicts, heldFrom.
 * Several centre instances may share the database: a batch locks its (terminal, epoch)
 * position row, so batches of one epoch are ingested one after another.
 */
export function createPostgresEventStore(pool: pg.Pool): EventStore {
  const ensurePartitions = createMonthlyPartitions(pool);

  const ingest = async (batch: EventBatch, receivedAt: Date): Promise<IngestOutcome> => {
    const { terminalId } = batch;
    const epoch = batch.epoch ?? LEGACY_EPOCH;
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
    await ensurePartitions(rows.map((r) => r.at));

    return inTransaction(pool, async (client) => {
      // The terminal and its position, the position row locked (an upsert locks the row it
      // finds as well as one it makes): one round trip.
      const position = await client.query<{ acked_up_to: number }>(
        `WITH seen AS (
           INSERT INTO terminals (terminal_id, first_seen_at) VALUES ($1, $3) ON CONFLICT DO NOTHING
         )
         INSERT INTO delivery_positions (terminal_id, epoch, acked_up_to, first_seen_at)
         VALUES ($1, $2, 0, $3)
         ON CONFLICT (terminal_id, epoch) DO UPDATE SET acked_up_to = delivery_positions.acked_up_to
         RETURNING acked_up_to`,
        [terminalId, epoch, receivedAt],
      );

      // The first occurrence of a seq in the batch is the one that may be stored; later
      // ones are duplicates of it, as when the SQLite store inserts them one by one.
      const firstBySeq = new Map<number, Row>();
      for (const row of rows)
        if (!firstBySeq.has(row.event.seq)) firstBySeq.set(row.event.seq, row);
      const firsts = [...firstBySeq.values()];
      // The seqs the centre lacked and their events, in one statement: the events insert
      // reads what the event_seqs insert returned.
      const inserted = await client.query<{ seq: number }>(
        `WITH fresh AS (
           INSERT INTO event_seqs (terminal_id, epoch, seq, corrected_at)
           SELECT $1, $2, seq, at FROM unnest($5::integer[], $8::timestamptz[]) AS t(seq, at)
           ON CONFLICT DO NOTHING RETURNING seq
         ), stored AS (
           INSERT INTO events (terminal_id, epoch, seq, type, created_at, sent_at, received_at,
             corrected_at, time_uncertain, payload)
           SELECT $1, $2, t.seq, type, created, $3, $4, at, uncertain, payload
           FROM unnest($5::integer[], $6::text[], $7::timestamptz[], $8::timestamptz[],
                       $9::boolean[], $10::text[]) AS t(seq, type, created, at, uncertain, payload)
           JOIN fresh ON fresh.seq = t.seq
         )
         SELECT seq FROM fresh`,
        [
          terminalId,
          epoch,
          sentAt,
          receivedAt,
          firsts.map((r) => r.event.seq),
          firsts.map((r) => r.event.type),
          firsts.map((r) => r.createdAt),
          firsts.map((r) => r.at),
          firsts.map((r) => r.uncertain),
          firsts.map((r) => r.payload),
        ],
      );
      const newSeqs = new Set(inserted.rows.map((r) => r.seq));
      const oldSeqs = firsts.filter((r) => !newSeqs.has(r.event.seq)).map((r) => r.event.seq);
      const stored = new Map<number, StoredEvent>();
      if (oldSeqs.length > 0) {
        // Joined on corrected_at so each lookup reads only its month's partition.
        const previous = await client.query<StoredEvent>(
          `SELECT e.seq, e.type, e.created_at, e.payload
           FROM event_seqs s JOIN events e USING (terminal_id, epoch, seq, corrected_at)
           WHERE s.terminal_id = $1 AND s.epoch = $2 AND s.seq = ANY($3::integer[])`,
          [terminalId, epoch, oldSeqs],
        );
        for (const row of previous.rows) stored.set(row.seq, row);
      }

      const outcome = { stored: 0, duplicates: 0, conflicts: 0 };
      const conflicting: number[] = [];
      const counted = new Set<number>();
      for (const row of rows) {
        const { seq } = row.event;
        if (newSeqs.has(seq) && !counted.has(seq)) {
          counted.add(seq);
          outcome.stored += 1;
          continue;
        }
        outcome.duplicates += 1;
        const first = firstBySeq.get(seq) as Row;
        const previous = stored.get(seq);
        const same = newSeqs.has(seq)
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

      // Below heldFrom the terminal has nothing left to send (ingest.ts says why).
      let from = position.rows[0]?.acked_up_to ?? 0;
      let lost = 0;
      const floor = (batch.heldFrom ?? 1) - 1;
      if (from < floor) {
        const held = await client.query<{ n: number }>(
          `SELECT COUNT(*)::integer AS n FROM event_seqs
           WHERE terminal_id = $1 AND epoch = $2 AND seq > $3 AND seq <= $4`,
          [terminalId, epoch, from, floor],
        );
        lost = floor - from - (held.rows[0]?.n ?? 0);
        from = floor;
      }
      // The run from+1, from+2, ... is where seq - its rank equals from; the position moves
      // to its end in the same statement.
      const advanced = await client.query<{ acked: number }>(
        `WITH run AS (
           SELECT COALESCE(MAX(seq), $3) AS acked FROM (
             SELECT seq, seq - ROW_NUMBER() OVER (ORDER BY seq) AS offset_from
             FROM event_seqs WHERE terminal_id = $1 AND epoch = $2 AND seq > $3
           ) r WHERE offset_from = $3
         )
         UPDATE delivery_positions SET acked_up_to = run.acked FROM run
         WHERE terminal_id = $1 AND epoch = $2 RETURNING run.acked`,
        [terminalId, epoch, from],
      );
      const held = advanced.rows[0]?.acked ?? from;
      const conflictingSeqs = [...new Set(conflicting)].sort((a, b) => a - b);
      const firstConflict = conflictingSeqs[0];
      return {
        ...outcome,
        epoch,
        ackedUpTo: firstConflict === undefined ? held : Math.min(held, firstConflict - 1),
        conflictingSeqs,
        lost,
      };
    });
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
