/**
 * Heartbeats at national scale (issue 7): 120,000 enrolled terminals each sending a signed
 * heartbeat every 60 s, i.e. 2,000 requests a second, open-loop from a forked child process
 * (centre-load.ts): each request leaves at its scheduled time whatever the replies do, and
 * its latency counts from that time, so a centre that stalls shows the queue it builds.
 * The centre is the real one (buildCentralServer) with its presence sweeper running, on a
 * SQLite file (WAL, synchronous=FULL) and on PostgreSQL (a throwaway Debian cluster with
 * fsync and synchronous commit on). The fleet is written into the database directly, as
 * enrolled, seen and online a minute after start: enrolling 120,000 terminals through the
 * registry would take longer than the measurement.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { Session } from 'node:inspector';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { HEARTBEAT_PATH } from '@bianmin/contract';
import { openCentralDatabase } from '../../sync/src/central/database.js';
import { buildCentralServer } from '../../sync/src/central/server.js';
import {
  openPostgresStorage,
  type PostgresStorage,
} from '../../sync/src/central/storage/postgres/open-storage.js';
import { ed25519 } from '../../sync/src/signing/index.js';
import { snapshot } from '../../sync/src/testing/fixtures.js';
import { countStatements, totalOf } from '../../sync/src/testing/postgres-statements.js';
import { startPostgresCluster } from '../../sync/src/testing/postgres-cluster.js';
import { runLoad } from './centre-fleet.js';
import type { LoadTerminal } from './centre-load.js';
import { ms, stats, temp } from './shared.js';

const TERMINALS = Number(process.env.BENCH_HEARTBEAT_TERMINALS ?? 120_000);
const INTERVAL_SECONDS = 60;
const SECONDS = Number(process.env.BENCH_HEARTBEAT_SECONDS ?? 60);
// Sent first at the same rate and reported apart: every reply over 100 ms in the eighth
// round's runs was due in the load's first 3 s (docs/benchmarks.md).
const WARMUP_SECONDS = Number(process.env.BENCH_HEARTBEAT_WARMUP_SECONDS ?? 5);
// Every terminal once a minute unless set lower: on a shared machine a lower rate still shows
// what the number of terminals costs (the presence sweep) apart from what each request costs.
const PER_SECOND = Number(process.env.BENCH_HEARTBEAT_PER_SECOND ?? TERMINALS / INTERVAL_SECONDS);

interface Fleet {
  terminals: LoadTerminal[];
  publicKeys: string[];
}

/**
 * A fresh Ed25519 key as `ed25519.generate()` makes one, but encoded by the generation itself:
 * exporting 120,000 freshly generated key objects in a row deadlocked Node 20 now and then
 * (the main thread waiting forever on the key's mutex, taken again by the destructor of its
 * generation job run by a garbage collection inside the export), which left the benchmark
 * idle before its load (docs/benchmarks.md).
 */
function ed25519Key() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519', {
    publicKeyEncoding: { type: 'spki', format: 'der' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  // The wire encoding is the raw key: the last 32 bytes of the SubjectPublicKeyInfo.
  return { privateKey, publicKey: publicKey.subarray(-32).toString('base64') };
}

/** A fresh Ed25519 key per terminal, as enrolment would record it. */
function makeFleet(): Fleet {
  const terminals: LoadTerminal[] = [];
  const publicKeys: string[] = [];
  for (let i = 0; i < TERMINALS; i++) {
    const key = ed25519Key();
    terminals.push({
      terminalId: `T-hb-${String(i).padStart(6, '0')}`,
      privateKey: key.privateKey,
    });
    publicKeys.push(key.publicKey);
  }
  return { terminals, publicKeys };
}

/** Every column the heartbeat writes, for a terminal seen at `at` (the steady state). */
function seenRow(terminalId: string, at: string) {
  const { terminal, devices } = snapshot();
  const { community, region } = terminal;
  return [
    terminalId,
    at,
    terminal.name,
    community.name,
    community.code,
    community.kind,
    region.street.name,
    region.street.code,
    region.county.name,
    region.county.code,
    region.city.name,
    region.city.code,
    region.province.name,
    region.province.code,
    at,
    at,
    JSON.stringify(devices),
  ];
}

const TERMINAL_COLUMNS = `terminal_id, first_seen_at, name, community_name, community_code,
  community_kind, street_name, street_code, county_name, county_code, city_name, city_code,
  province_name, province_code, interval_seconds, last_seen_at, last_sent_at, devices, outbox_pending`;

/**
 * BENCH_HEARTBEAT_PROFILE=DIR: a CPU profile of the centre's process during the load alone
 * (not the fleet's setup), written to DIR as a .cpuprofile (Chrome DevTools reads it).
 */
async function startProfile() {
  const dir = process.env.BENCH_HEARTBEAT_PROFILE;
  if (dir === undefined) return undefined;
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
    );
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 500 });
  await post('Profiler.start');
  return {
    async stop() {
      const { profile } = (await post('Profiler.stop')) as { profile: object };
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `heartbeat-${Date.now()}.cpuprofile`), JSON.stringify(profile));
      session.disconnect();
    },
  };
}

/**
 * BENCH_HEARTBEAT_TRACE=1: where a stall comes from, second by second of the load: the most
 * requests in the centre at once, the most callers waiting for a pooled connection, the
 * event loop's longest delay, and the slowest statement that ended (docs/benchmarks.md).
 */
function startTrace(server: Server, pool?: PostgresStorage['pool']) {
  if (process.env.BENCH_HEARTBEAT_TRACE !== '1') return undefined;
  const t0 = performance.now();
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  interface Second {
    inFlight: number;
    poolWaiting: number;
    loopMs: number;
    /** The centre's CPU (user + system) in this second, ms: 1,000 is one whole core. */
    cpuMs: number;
    /** The longest a request that ended in this second spent inside the centre, ms. */
    inCentreMs: number;
    slowest: { ms: number; text: string; startedAt: number };
  }
  const seconds: Second[] = [];
  const secondOf = (at: number) => {
    const i = Math.floor((at - t0) / 1000);
    seconds[i] ??= {
      inFlight: 0,
      poolWaiting: 0,
      loopMs: 0,
      cpuMs: 0,
      inCentreMs: 0,
      slowest: { ms: 0, text: '', startedAt: 0 },
    };
    return seconds[i];
  };
  let inFlight = 0;
  const onRequest = (_req: unknown, res: { once(e: string, f: () => void): void }) => {
    inFlight += 1;
    const arrived = performance.now();
    res.once('close', () => {
      inFlight -= 1;
      const end = performance.now();
      const s = secondOf(end);
      s.inCentreMs = Math.max(s.inCentreMs, end - arrived);
    });
  };
  server.on('request', onRequest);
  // The clients' prototype, without importing `pg` here (the centre's dependency).
  type Query = (...args: unknown[]) => unknown;
  const clients: { query?: Query } =
    (pool as unknown as { Client?: { prototype: { query: Query } } } | undefined)?.Client
      ?.prototype ?? {};
  const original = clients.query;
  if (original !== undefined)
    clients.query = function tracedQuery(this: unknown, ...args: unknown[]) {
      const first = args[0];
      const text = typeof first === 'string' ? first : ((first as { text?: string }).text ?? '?');
      const startedAt = performance.now();
      const ended = () => {
        const end = performance.now();
        const s = secondOf(end);
        if (end - startedAt > s.slowest.ms) {
          s.slowest = {
            ms: end - startedAt,
            text: text.replace(/\s+/g, ' ').trim().slice(0, 60),
            startedAt: (startedAt - t0) / 1000,
          };
        }
      };
      // `pool.query` calls a client's with a callback, other callers await its promise.
      const last = args.length - 1;
      const callback = args[last];
      if (typeof callback === 'function') {
        args[last] = (...r: unknown[]) => {
          ended();
          return (callback as (...a: unknown[]) => unknown)(...r);
        };
      }
      const result = original.apply(this, args);
      if (result instanceof Promise) void result.then(ended, ended);
      return result;
    };
  let cpuBefore = process.cpuUsage();
  const sampler = setInterval(() => {
    const s = secondOf(performance.now());
    const used = process.cpuUsage(cpuBefore);
    cpuBefore = process.cpuUsage();
    s.cpuMs += (used.user + used.system) / 1000;
    s.inFlight = Math.max(s.inFlight, inFlight);
    s.poolWaiting = Math.max(s.poolWaiting, pool?.waitingCount ?? 0);
    s.loopMs = Math.max(s.loopMs, loop.max / 1e6);
    loop.reset();
  }, 50);
  return {
    stop() {
      clearInterval(sampler);
      loop.disable();
      server.off('request', onRequest);
      if (original !== undefined) clients.query = original;
      // From the first request on: the client signs the run's requests before sending any.
      const first = seconds.findIndex((s) => s !== undefined && s.inFlight > 0);
      return seconds
        .slice(Math.max(first, 0))
        .map(
          (s, i) =>
            `${i + Math.max(first, 0)}s in-flight ${s.inFlight} pool-waiting ${s.poolWaiting} loop ${s.loopMs.toFixed(0)} ms ` +
            `cpu ${s.cpuMs.toFixed(0)} ms in-centre ${s.inCentreMs.toFixed(0)} ms ` +
            `slowest ${s.slowest.ms.toFixed(0)} ms (from ${s.slowest.startedAt.toFixed(2)} s) ${s.slowest.text}`,
        )
        .join('\n');
    },
  };
}

/** The statements the centre sends PostgreSQL per heartbeat, each a round trip, by kind. */
function roundTripsPerHeartbeat(counts: Map<string, number>, requests: number) {
  const each = [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([text, n]) => `${(n / requests).toFixed(2)} ${text}`);
  return `round trips per heartbeat ${(totalOf(counts) / requests).toFixed(2)} [${each.join(' | ')}]`;
}

async function drive(
  url: string,
  fleet: Fleet,
  server: Server,
  pool?: PostgresStorage['pool'],
  countTrips = false,
) {
  const perSecond = PER_SECOND;
  // The centre is this process: its CPU time over the run (the client's presigning, during
  // which the centre idles, included) per heartbeat is the figure the machine's load moves least.
  const load = loadavg()[0]!.toFixed(1);
  const profile = await startProfile();
  const cpu = process.cpuUsage();
  const statements = countTrips ? countStatements() : undefined;
  const trace = startTrace(server, pool);
  const result = await runLoad({
    kind: 'open',
    url,
    path: HEARTBEAT_PATH,
    seconds: SECONDS,
    perSecond,
    warmupSeconds: WARMUP_SECONDS,
    terminals: fleet.terminals,
    ...(process.env.BENCH_HEARTBEAT_SIGN_AS_SENT === '1' && { signAsSent: true }),
  });
  const used = process.cpuUsage(cpu);
  const trips =
    statements === undefined
      ? undefined
      : roundTripsPerHeartbeat(statements.stop(), result.requests);
  await profile?.stop();
  const timeline = trace?.stop();
  if (timeline !== undefined) console.error(timeline);
  const sent = result.requests + (result.warmup?.requests ?? 0);
  const centreUs = (used.user + used.system) / sent;
  const clientUs = (result.clientCpuMs * 1000) / sent;
  const s = stats(result.samples);
  const failed =
    Object.keys(result.failures).length === 0 ? 'none' : JSON.stringify(result.failures);
  const first = result.warmup && stats(result.warmup.samples);
  const warmup =
    first === undefined
      ? ''
      : `the first ${WARMUP_SECONDS} s (${result.warmup?.requests} requests): p50 ${ms(first.p50)}, p99 ${ms(first.p99)}, max ${ms(first.max)}; then `;
  // The client's own lateness, which the latencies above include: a late client is not a
  // slow centre.
  const tailOf = (xs: number[] | undefined) => {
    if (xs === undefined || xs.length === 0) return 'n/a';
    const l = stats(xs);
    return `p99 ${ms(l.p99)}, max ${ms(l.max)}`;
  };
  const lag =
    result.sendLag === undefined
      ? ''
      : `client sent late by: ${first === undefined ? '' : `first ${WARMUP_SECONDS} s ${tailOf(result.sendLag.warmup)}, then `}${tailOf(result.sendLag.measured)}; `;
  // A request on a connection opened for it waits for the centre to accept and set it up,
  // which a busy event loop does late (docs/benchmarks.md, ninth round).
  const split = result.byConnection;
  const connections =
    split === undefined
      ? ''
      : `then on new connections ${split.opened.length}${split.opened.length === 0 ? '' : ` (p50 ${ms(stats(split.opened).p50)}, p99 ${ms(stats(split.opened).p99)})`}, ` +
        `on kept-alive ones ${split.kept.length} (${tailOf(split.kept)}); `;
  return (
    `(load ${load}) ${warmup}${result.requests} requests: p50 ${ms(s.p50)}, p99 ${ms(s.p99)}, max ${ms(s.max)}; ` +
    `${lag}${connections}not 200: ${failed}; CPU per heartbeat: centre ${centreUs.toFixed(0)} µs, ` +
    `client ${clientUs.toFixed(0)} µs${trips === undefined ? '' : `; ${trips}`}`
  );
}

async function onSqlite(fleet: Fleet): Promise<string> {
  const opened = openCentralDatabase(join(temp('centre-heartbeat'), 'central.sqlite'));
  if (!opened.ok) throw new Error(opened.error.message);
  const db = opened.value;
  const at = new Date().toISOString();
  const identity = JSON.stringify(snapshot().terminal);
  const registered = db.prepare(`
    INSERT INTO registered_terminals (terminal_id, identity, created_at, algorithm, public_key, enrolled_at)
    VALUES (?, ?, ?, ?, ?, ?)`);
  const seen = db.prepare(
    `INSERT INTO terminals (${TERMINAL_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 60, ?, ?, ?, 0)`,
  );
  const online = db.prepare(
    "INSERT INTO presence_current (terminal_id, presence, since) VALUES (?, 'online', ?)",
  );
  db.transaction(() => {
    fleet.terminals.forEach(({ terminalId }, i) => {
      registered.run(terminalId, identity, at, ed25519.name, fleet.publicKeys[i], at);
      seen.run(...seenRow(terminalId, at));
      online.run(terminalId, at);
    });
  })();
  const centre = buildCentralServer({ db });
  const url = await centre.listen({ port: 0, host: '127.0.0.1' });
  try {
    return await drive(url, fleet, centre.server);
  } finally {
    await centre.close();
    db.close();
  }
}

async function onPostgres(url: string, fleet: Fleet): Promise<string> {
  // The fleet is in the database before the centre starts, as it would be at a restart.
  const setup = await openPostgresStorage(url);
  try {
    await writeFleet(setup.pool, fleet);
  } finally {
    await setup.close();
  }
  const storage = await openPostgresStorage(url);
  const centre = buildCentralServer({ stores: storage });
  const address = await centre.listen({ port: 0, host: '127.0.0.1' });
  try {
    return await drive(address, fleet, centre.server, storage.pool, true);
  } finally {
    await centre.close();
    await storage.close();
  }
}

async function writeFleet(pool: PostgresStorage['pool'], fleet: Fleet) {
  const at = new Date().toISOString();
  const ids = fleet.terminals.map((t) => t.terminalId);
  const rows = ids.map((id) => seenRow(id, at));
  const column = (i: number) => rows.map((row) => row[i]);
  await pool.query(
    `INSERT INTO registered_terminals (terminal_id, identity, created_at, algorithm, public_key, enrolled_at)
     SELECT id, $2, $3, $4, key, $3 FROM unnest($1::text[], $5::text[]) AS t(id, key)`,
    [ids, JSON.stringify(snapshot().terminal), at, ed25519.name, fleet.publicKeys],
  );
  await pool.query(
    `INSERT INTO terminals (${TERMINAL_COLUMNS})
     SELECT id, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 60, $15, $16, $17, 0
     FROM unnest($1::text[]) AS t(id)`,
    [ids, ...Array.from({ length: 16 }, (_, i) => column(i + 1)[0])],
  );
  await pool.query(
    `INSERT INTO presence_current (terminal_id, presence, since)
     SELECT id, 'online', $2 FROM unnest($1::text[]) AS t(id)`,
    [ids, at],
  );
}

export async function benchCentreHeartbeat(): Promise<string> {
  const t0 = performance.now();
  const fleet = makeFleet();
  const keySeconds = (performance.now() - t0) / 1000;
  const head =
    `centre heartbeats, ${TERMINALS.toLocaleString('en')} terminals ` +
    `(${PER_SECOND.toFixed(0)}/s open-loop for ${SECONDS} s, load from a child process; ` +
    `${keySeconds.toFixed(0)} s to make the keys)`;
  // For profiling one database's centre alone (docs/benchmarks.md).
  const sqlite =
    process.env.BENCH_CENTRE_POSTGRES_ONLY === '1'
      ? 'not run (BENCH_CENTRE_POSTGRES_ONLY)'
      : await onSqlite(fleet);
  let postgres: string;
  if (process.env.BENCH_CENTRE_SQLITE_ONLY === '1') postgres = 'not run (BENCH_CENTRE_SQLITE_ONLY)';
  else {
    const cluster = startPostgresCluster({ durable: true });
    if (!cluster.ok) postgres = `not run (${cluster.error})`;
    else {
      try {
        postgres = await onPostgres(cluster.value.url, fleet);
      } finally {
        cluster.value.stop();
      }
    }
  }
  return `${head}: SQLite ${sqlite}; PostgreSQL ${postgres}`;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await benchCentreHeartbeat());
