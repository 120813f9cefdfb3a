/**
 * Centre ingest (issue 7): events per second through POST /api/v1/events with signatures on,
 * beside a bare baseline in the same run: plain Fastify and the same database inserting the
 * same rows (no signature, no schema, no dedupe reply). SQLite in a file with the centre's
 * settings (WAL, synchronous=FULL); PostgreSQL in a throwaway Debian cluster with fsync and
 * synchronous commit on. The load comes from a forked child process (centre-load.ts): 16
 * terminals each sending 500-event batches one after another, as uploaders draining a
 * backlog do, built before the clock and signed as sent. Also the database's bytes per event
 * stored, and the centre's CPU per event: all its threads, and its main thread alone.
 *
 * The signed run is the whole centre (buildCentralServer) on either database.
 */
import { readFileSync, statSync } from 'node:fs';
import { MAX_EVENTS_PER_BATCH } from '@bianmin/contract';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { openCentralDatabase } from '../../sync/src/central/database.js';
import { buildCentralServer } from '../../sync/src/central/server.js';
import { openPostgresStorage } from '../../sync/src/central/storage/postgres/open-storage.js';
import {
  createSqliteTerminalRegistry,
  type TerminalRegistry,
} from '../../sync/src/central/trust/index.js';
import {
  bareIngestServer,
  postgresBareInsert,
  postgresBytesPerEvent,
  sqliteBareInsert,
  type CentreDatabase,
} from '../../sync/src/testing/centre-bench-servers.js';
import { startPostgresCluster } from '../../sync/src/testing/postgres-cluster.js';
import { enrolDirectly, runLoad } from './centre-fleet.js';
import type { LoadResult, LoadTerminal } from './centre-load.js';
import { startMeter } from '../../sync/src/testing/postgres-ingest-meter.js';
import { ms, stats, temp } from './shared.js';

const TERMINALS = 16;
/**
 * What a terminal's uploader sends draining a backlog (sync/src/uploader/uploader.ts,
 * batchSize: the contract's 500). Another size only shows what a batch's size costs.
 */
const EVENTS_PER_BATCH = Number(process.env.BENCH_CENTRE_BATCH ?? MAX_EVENTS_PER_BATCH);
const SECONDS = Number(process.env.BENCH_CENTRE_SECONDS ?? 10);
/**
 * Events a second whose batches the load client builds before its clock starts, so that its
 * CPU while measured is sending and signing, as a terminal's uploader's is spread over its
 * own machine (docs/benchmarks.md, "Ninth round: SQLite ingest"). Past them it builds as it
 * goes.
 */
const PREPARED_RATE = Number(process.env.BENCH_CENTRE_PREPARED_RATE ?? 200_000);

interface Measured {
  eventsPerSecond: number;
  result: LoadResult;
  /** CPU time of this process (the server; the load is a child) per event stored. */
  centreCpuUs: number;
  /**
   * CPU time of the centre's main thread (its event loop) per event stored: one thread, so
   * the centre stops at 1 / this whatever the other threads (the WAL checkpointer, libuv's
   * pool) do; undefined where /proc does not tell.
   */
  centreLoopUs: number | undefined;
  /** One-minute load average at the start of the run. */
  load: number;
}

/** The main thread's CPU time (Linux: its task's utime + stime, in clock ticks of 10 ms). */
function mainThreadCpuMs(): number | undefined {
  try {
    const stat = readFileSync(`/proc/${process.pid}/task/${process.pid}/stat`, 'utf8');
    // The fields after the command's closing parenthesis; utime and stime are 14th and 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

const enrol = (registry: TerminalRegistry, name: string) =>
  enrolDirectly(
    registry,
    Array.from({ length: TERMINALS }, (_, i) => `T-${name}-${i}`),
  );

async function drive(url: string, terminals: LoadTerminal[], name: string): Promise<Measured> {
  const load = loadavg()[0]!;
  const cpu = process.cpuUsage();
  const loop = mainThreadCpuMs();
  const result = await runLoad({
    kind: 'closed',
    url,
    path: '/api/v1/events',
    seconds: SECONDS,
    eventsPerBatch: EVENTS_PER_BATCH,
    terminals,
    preparedEventsPerSecond: PREPARED_RATE,
  });
  const loopAfter = mainThreadCpuMs();
  if (Object.keys(result.failures).length > 0) {
    throw new Error(`${name}: replies other than 200: ${JSON.stringify(result.failures)}`);
  }
  const used = process.cpuUsage(cpu);
  return {
    eventsPerSecond: result.events / result.seconds,
    result,
    centreCpuUs: (used.user + used.system) / result.events,
    centreLoopUs:
      loop === undefined || loopAfter === undefined
        ? undefined
        : (1000 * (loopAfter - loop)) / result.events,
    load,
  };
}

function openSqlite(name: string): CentreDatabase {
  const opened = openCentralDatabase(join(temp(name), 'central.sqlite'));
  if (!opened.ok) throw new Error(opened.error.message);
  return opened.value;
}

const sqliteBytes = (db: CentreDatabase) => {
  db.pragma('wal_checkpoint(TRUNCATE)');
  return statSync(db.name).size;
};

async function listen(app: { listen(o: { port: number; host: string }): Promise<string> }) {
  return app.listen({ port: 0, host: '127.0.0.1' });
}

async function sqliteRuns(): Promise<{ signed: Measured; bare: Measured; bytesPerEvent: number }> {
  const db = openSqlite('centre-ingest');
  const centre = buildCentralServer({ db });
  const signed = await drive(
    await listen(centre),
    await enrol(createSqliteTerminalRegistry(db), 'sqlite'),
    'sqlite',
  );
  await centre.close();
  const stored = db.prepare('SELECT COUNT(*) FROM events').pluck().get() as number;
  const bytesPerEvent = sqliteBytes(db) / stored;
  db.close();

  const bareDb = openSqlite('centre-ingest-bare');
  const bareApp = bareIngestServer(sqliteBareInsert(bareDb));
  // The baseline checks no signature, but the load generator signs anyway: same client cost.
  const bare = await drive(
    await listen(bareApp),
    await enrol(createSqliteTerminalRegistry(bareDb), 'bare'),
    'bare',
  );
  await bareApp.close();
  bareDb.close();
  return { signed, bare, bytesPerEvent };
}

async function postgresRuns(url: string) {
  const storage = await openPostgresStorage(url, 8);
  // Enrolled up front, so that each measured pool can be ended before its WAL is counted.
  const signedTerminals = await enrol(storage.registry, 'pg');
  const bareTerminals = await enrol(storage.registry, 'pgbare');
  const app = buildCentralServer({ stores: storage });
  const appUrl = await listen(app);
  const signedMeter = await startMeter(url);
  const signed = await drive(appUrl, signedTerminals, 'pg');
  await app.close();
  await storage.close();
  const signedCost = await signedMeter.stop(signed.result.requests, signed.result.events);
  const bytesPerEvent = await postgresBytesPerEvent(url);
  const bareDb = postgresBareInsert(url);
  const bareApp = bareIngestServer(bareDb.insert);
  const bareUrl = await listen(bareApp);
  const bareMeter = await startMeter(url);
  const bare = await drive(bareUrl, bareTerminals, 'pgbare');
  await bareApp.close();
  await bareDb.close();
  const bareCost = await bareMeter.stop(bare.result.requests, bare.result.events);
  return { signed, bare, bytesPerEvent, costs: `signed: ${signedCost}; bare: ${bareCost}` };
}

function describe(
  database: string,
  runs: { signed: Measured; bare: Measured; bytesPerEvent: number; costs?: string },
) {
  const line = (what: string, m: Measured) => {
    const s = stats(m.result.samples);
    return (
      `${what} ${Math.round(m.eventsPerSecond).toLocaleString('en')} events/s (batch p50 ${ms(s.p50)}, p99 ${ms(s.p99)}; ` +
      `centre CPU ${m.centreCpuUs.toFixed(1)} µs/event (main thread ${m.centreLoopUs?.toFixed(1) ?? '?'}), load client ${((1000 * m.result.clientCpuMs) / m.result.events).toFixed(1)}; ` +
      `load ${m.load.toFixed(1)})`
    );
  };
  const share = (100 * runs.signed.eventsPerSecond) / runs.bare.eventsPerSecond;
  return (
    `centre ingest on ${database}, ${TERMINALS} terminals x ${EVENTS_PER_BATCH}-event batches, ${SECONDS} s each, load from a child process: ` +
    `${line('signed', runs.signed)}; ${line('bare baseline', runs.bare)}; signed is ${share.toFixed(0)} % of the baseline; ` +
    `${Math.round(runs.bytesPerEvent)} database bytes per event` +
    (runs.costs === undefined ? '' : `; ${runs.costs}`)
  );
}

export async function benchCentreIngest(): Promise<string[]> {
  // For profiling one database's centre alone (docs/benchmarks.md).
  const lines =
    process.env.BENCH_CENTRE_POSTGRES_ONLY === '1' ? [] : [describe('SQLite', await sqliteRuns())];
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
