/**
 * Centre ingest (issue 7): events per second through POST /api/v1/events with signatures on,
 * beside a bare baseline in the same run: plain Fastify and the same database inserting the
 * same rows (no signature, no schema, no dedupe reply). SQLite in a file with the centre's
 * settings (WAL, synchronous=FULL); PostgreSQL in a throwaway Debian cluster with fsync and
 * synchronous commit on. The load comes from a forked child process (centre-load.ts): 16
 * terminals each sending 100-event batches one after another, as uploaders draining a
 * backlog do. Also the database's bytes per event stored.
 *
 * On PostgreSQL the centre as a whole cannot run yet (storage/choose-storage.ts), so the
 * signed run composes the real trust hooks, the real events route and the PostgreSQL
 * EventStore and trust stores; the batches carry no service time, which is all the SQLite
 * centre does besides.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { LEGACY_EPOCH, type EventBatch } from '@bianmin/contract';
import { AJV_OPTIONS, installErrorReplies, serverLimitOptions } from '@bianmin/contract/server';
import { openCentralDatabase } from '../../sync/src/central/database.js';
import { eventTime } from '../../sync/src/central/corrected-time.js';
import { registerCentralRoutes } from '../../sync/src/central/routes.js';
import { buildCentralServer } from '../../sync/src/central/server.js';
import { openPostgresStorage } from '../../sync/src/central/storage/postgres/open-storage.js';
import {
  createCentreTrust,
  createSqliteTerminalRegistry,
  type TerminalRegistry,
} from '../../sync/src/central/trust/index.js';
import { startPostgresCluster } from '../../sync/src/testing/postgres-cluster.js';
import { enrolDirectly, runLoad } from './centre-fleet.js';
import type { LoadResult } from './centre-load.js';
import { ms, stats, temp } from './shared.js';

const TERMINALS = 16;
const EVENTS_PER_BATCH = 100;
const SECONDS = Number(process.env.BENCH_CENTRE_SECONDS ?? 10);

interface Measured {
  eventsPerSecond: number;
  result: LoadResult;
}

async function drive(url: string, registry: TerminalRegistry, name: string): Promise<Measured> {
  const ids = Array.from({ length: TERMINALS }, (_, i) => `T-${name}-${i}`);
  const terminals = await enrolDirectly(registry, ids);
  const result = await runLoad({
    kind: 'closed',
    url,
    path: '/api/v1/events',
    seconds: SECONDS,
    eventsPerBatch: EVENTS_PER_BATCH,
    terminals,
  });
  if (Object.keys(result.failures).length > 0) {
    throw new Error(`${name}: replies other than 200: ${JSON.stringify(result.failures)}`);
  }
  return { eventsPerSecond: result.events / result.seconds, result };
}

/** Plain Fastify: parse the JSON, insert the rows in one transaction or statement, answer. */
function bareServer(insert: (batch: EventBatch, receivedAt: Date) => Promise<void>) {
  const app = Fastify({ logger: false, bodyLimit: 1_048_576 });
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

function sqliteBareInsert(db: Database.Database) {
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
  return async (batch: EventBatch, receivedAt: Date) => write(batch, receivedAt);
}

function openSqlite(name: string): Database.Database {
  const opened = openCentralDatabase(join(temp(name), 'central.sqlite'));
  if (!opened.ok) throw new Error(opened.error.message);
  return opened.value;
}

const sqliteBytes = (db: Database.Database) => {
  db.pragma('wal_checkpoint(TRUNCATE)');
  return statSync(db.name).size;
};

async function listen(app: FastifyInstance) {
  return app.listen({ port: 0, host: '127.0.0.1' });
}

async function sqliteRuns(): Promise<{ signed: Measured; bare: Measured; bytesPerEvent: number }> {
  const db = openSqlite('centre-ingest');
  const centre = buildCentralServer({ db });
  const signed = await drive(await listen(centre), createSqliteTerminalRegistry(db), 'sqlite');
  await centre.close();
  const stored = db.prepare('SELECT COUNT(*) FROM events').pluck().get() as number;
  const bytesPerEvent = sqliteBytes(db) / stored;
  db.close();

  const bareDb = openSqlite('centre-ingest-bare');
  const bareApp = bareServer(sqliteBareInsert(bareDb));
  // The baseline checks no signature, but the load generator signs anyway: same client cost.
  const bare = await drive(await listen(bareApp), createSqliteTerminalRegistry(bareDb), 'bare');
  await bareApp.close();
  bareDb.close();
  return { signed, bare, bytesPerEvent };
}

async function postgresRuns(url: string) {
  const storage = await openPostgresStorage(url, 8);
  const now = () => new Date();
  const app = Fastify({
    ...serverLimitOptions(),
    logger: false,
    ajv: { customOptions: AJV_OPTIONS },
  }) as unknown as FastifyInstance;
  app.removeContentTypeParser('text/plain');
  installErrorReplies(app);
  const trust = createCentreTrust(app, {
    registry: storage.registry,
    nonces: storage.nonces,
    now,
    logger: undefined,
  });
  void app.register(async (routes) => {
    trust.registerRoutes(routes);
    registerCentralRoutes(routes, {
      events: storage.events,
      recordServiceTime: async () => undefined,
      recordHeartbeat: async () => undefined,
      overview: async () => [],
      signed: trust.signed,
      coverageSummary: async () => [],
      now,
      timeZone: 'Asia/Shanghai',
      logger: undefined,
    });
  });
  const signed = await drive(await listen(app), storage.registry, 'pg');
  await app.close();

  const pool = new pg.Pool({ connectionString: url, max: 8 });
  const count = await pool.query<{ n: string; bytes: string }>(
    `SELECT (SELECT COUNT(*) FROM events) AS n, pg_database_size(current_database()) AS bytes`,
  );
  await pool.query(`
    CREATE TABLE bare_events (
      terminal_id TEXT NOT NULL, epoch TEXT NOT NULL, seq BIGINT NOT NULL, type TEXT NOT NULL,
      created_at TIMESTAMPTZ NOT NULL, sent_at TIMESTAMPTZ NOT NULL, received_at TIMESTAMPTZ NOT NULL,
      corrected_at TIMESTAMPTZ NOT NULL, time_uncertain BOOLEAN NOT NULL, payload TEXT NOT NULL,
      PRIMARY KEY (terminal_id, epoch, seq))`);
  const bareApp = bareServer(async (batch, receivedAt) => {
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
  });
  const bare = await drive(await listen(bareApp), storage.registry, 'pgbare');
  await bareApp.close();
  await pool.end();
  await storage.close();
  return { signed, bare, bytesPerEvent: Number(count.rows[0]!.bytes) / Number(count.rows[0]!.n) };
}

function describe(
  database: string,
  runs: { signed: Measured; bare: Measured; bytesPerEvent: number },
) {
  const line = (what: string, m: Measured) => {
    const s = stats(m.result.samples);
    return `${what} ${Math.round(m.eventsPerSecond).toLocaleString('en')} events/s (batch p50 ${ms(s.p50)}, p99 ${ms(s.p99)})`;
  };
  const share = (100 * runs.signed.eventsPerSecond) / runs.bare.eventsPerSecond;
  return (
    `centre ingest on ${database}, ${TERMINALS} terminals x ${EVENTS_PER_BATCH}-event batches, ${SECONDS} s each, load from a child process: ` +
    `${line('signed', runs.signed)}; ${line('bare baseline', runs.bare)}; signed is ${share.toFixed(0)} % of the baseline; ` +
    `${Math.round(runs.bytesPerEvent)} database bytes per event`
  );
}

export async function benchCentreIngest(): Promise<string[]> {
  const lines = [describe('SQLite', await sqliteRuns())];
  // For profiling the SQLite centre alone (docs/benchmarks.md).
  if (process.env.BENCH_CENTRE_SQLITE_ONLY === '1') return lines;
  const cluster = startPostgresCluster({ durable: true });
  if (!cluster.ok) return [...lines, `centre ingest on PostgreSQL: not run (${cluster.error})`];
  try {
    lines.push(describe('PostgreSQL', await postgresRuns(cluster.value.url)));
  } finally {
    cluster.value.stop();
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log((await benchCentreIngest()).join('\n'));
}
