/**
 * The bare baseline of the centre ingest benchmark (scripts/bench/centre-ingest.ts): plain
 * Fastify inserting the same rows into the same database.
 */
import type Database from 'better-sqlite3';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { CENTRE_BODY_LIMIT_BYTES, LEGACY_EPOCH, type EventBatch } from '@bianmin/contract';
import { eventTime } from '../central/corrected-time.js';

export type CentreDatabase = Database.Database;
type Insert = (batch: EventBatch, receivedAt: Date) => Promise<void>;

/** Plain Fastify: parse the JSON, insert the rows, answer the last seq. */
export function bareIngestServer(insert: Insert): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: CENTRE_BODY_LIMIT_BYTES });
  app.post<{ Body: EventBatch }>('/api/v1/events', async (request) => {
    await insert(request.body, new Date());
    return {
      epoch: request.body.epoch ?? LEGACY_EPOCH,
      ackedUpTo: request.body.events.at(-1)!.seq,
    };
  });
  return app;
}

const rowsOf = (batch: EventBatch, receivedAt: Date) => {
  const sentAt = new Date(batch.sentAt);
  return batch.events.map((event) => {
    const createdAt = new Date(event.createdAt);
    const time = eventTime(createdAt, sentAt, receivedAt);
    return {
      seq: event.seq,
      type: event.type,
      createdAt: createdAt.toISOString(),
      at: time.at,
      uncertain: time.uncertain,
      payload: JSON.stringify(event.payload),
    };
  });
};

/** The same columns as the centre's events table, one transaction a batch. */
export function sqliteBareInsert(db: Database.Database): Insert {
  const insert = db.prepare(`
    INSERT INTO events (terminal_id, epoch, seq, type, created_at, sent_at, received_at, corrected_at, time_uncertain, payload)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`);
  const write = db.transaction((batch: EventBatch, receivedAt: Date) => {
    const received = receivedAt.toISOString();
    for (const row of rowsOf(batch, receivedAt)) {
      insert.run(
        batch.terminalId,
        batch.epoch ?? LEGACY_EPOCH,
        row.seq,
        row.type,
        row.createdAt,
        batch.sentAt,
        received,
        row.at.toISOString(),
        row.uncertain ? 1 : 0,
        row.payload,
      );
    }
  });
  return async (batch, receivedAt) => write(batch, receivedAt);
}

/**
 * A table with the events' columns, its dedupe key and the centre's index by type and time
 * (the centre's events table has both; docs/benchmarks.md, "Fifth round"), one `unnest`
 * statement a batch.
 */
export function postgresBareInsert(url: string): { insert: Insert; close(): Promise<void> } {
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  const created = pool.query(`
    CREATE TABLE IF NOT EXISTS bare_events (
      terminal_id TEXT NOT NULL, epoch TEXT NOT NULL, seq BIGINT NOT NULL, type TEXT NOT NULL,
      created_at TIMESTAMPTZ NOT NULL, sent_at TIMESTAMPTZ NOT NULL, received_at TIMESTAMPTZ NOT NULL,
      corrected_at TIMESTAMPTZ NOT NULL, time_uncertain BOOLEAN NOT NULL, payload TEXT NOT NULL,
      PRIMARY KEY (terminal_id, epoch, seq));
    CREATE INDEX IF NOT EXISTS bare_events_by_type_time ON bare_events (type, corrected_at)`);
  return {
    async insert(batch, receivedAt) {
      await created;
      const rows = rowsOf(batch, receivedAt);
      await pool.query(
        `INSERT INTO bare_events
         SELECT $1, $2, seq, type, created_at, $3, $4, at, uncertain, payload
         FROM unnest($5::bigint[], $6::text[], $7::timestamptz[], $8::timestamptz[], $9::boolean[], $10::text[])
           AS t(seq, type, created_at, at, uncertain, payload)
         ON CONFLICT DO NOTHING`,
        [
          batch.terminalId,
          batch.epoch ?? LEGACY_EPOCH,
          batch.sentAt,
          receivedAt,
          rows.map((r) => r.seq),
          rows.map((r) => r.type),
          rows.map((r) => r.createdAt),
          rows.map((r) => r.at),
          rows.map((r) => r.uncertain),
          rows.map((r) => r.payload),
        ],
      );
    },
    close: async () => {
      await created.catch(() => undefined);
      await pool.end();
    },
  };
}

/** The whole database's size over the events it holds. */
export async function postgresBytesPerEvent(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string; bytes: string }>(
      'SELECT (SELECT COUNT(*) FROM events) AS n, pg_database_size(current_database()) AS bytes',
    );
    return Number(rows[0]!.bytes) / Number(rows[0]!.n);
  } finally {
    await client.end();
  }
}
