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
import { startTrace } from './centre-trace.js';
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

/**
 * The fleet as two buffers, not 120,000 objects: the centre shares this process, and every
 * object the bench keeps is one more for each of the centre's full garbage collections to
 * mark (docs/benchmarks.md, tenth round). A terminal's private key is its 32-byte seed; its
 * id is its index.
 */
interface Fleet {
  size: number;
  seeds: Buffer;
  publicKeys: Buffer;
}

// An Ed25519 PKCS#8 key is this DER prefix followed by the 32-byte seed (RFC 8410).
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const KEY_BYTES = 32;

const terminalIdOf = (i: number) => `T-hb-${String(i).padStart(6, '0')}`;
const seedOf = (fleet: Fleet, i: number) =>
  fleet.seeds.subarray(i * KEY_BYTES, (i + 1) * KEY_BYTES);
/** The wire encoding of a public key: the raw 32 bytes in base64 (docs/protocol.md). */
const publicKeyOf = (fleet: Fleet, i: number) =>
  fleet.publicKeys.subarray(i * KEY_BYTES, (i + 1) * KEY_BYTES).toString('base64');
const privateKeyPem = (seed: Buffer) =>
  `-----BEGIN PRIVATE KEY-----\n${Buffer.concat([PKCS8_ED25519, seed]).toString('base64')}\n-----END PRIVATE KEY-----\n`;

/**
 * A fresh Ed25519 key per terminal, as enrolment would record it, generated straight into
 * DER (122 µs a key; parsing a seed's key to derive its public half takes 3-5 times as long):
 * exporting 120,000 freshly generated key objects instead deadlocked Node 20 now and then
 * (docs/benchmarks.md). Both DER forms end with the raw 32 bytes.
 */
function makeFleet(): Fleet {
  const seeds = Buffer.alloc(TERMINALS * KEY_BYTES);
  const publicKeys = Buffer.alloc(TERMINALS * KEY_BYTES);
  for (let i = 0; i < TERMINALS; i++) {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519', {
      publicKeyEncoding: { type: 'spki', format: 'der' },
      privateKeyEncoding: { type: 'pkcs8', format: 'der' },
    });
    privateKey.copy(seeds, i * KEY_BYTES, privateKey.length - KEY_BYTES);
    publicKey.copy(publicKeys, i * KEY_BYTES, publicKey.length - KEY_BYTES);
  }
  return { size: TERMINALS, seeds, publicKeys };
}

/** The terminals as the load generator takes them, made for the call and dropped after it. */
function loadTerminals(fleet: Fleet): LoadTerminal[] {
  return Array.from({ length: fleet.size }, (_, i) => ({
    terminalId: terminalIdOf(i),
    privateKey: privateKeyPem(seedOf(fleet, i)),
  }));
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
 * BENCH_HEARTBEAT_ALLOCATIONS=DIR: instead, a sampling profile of every allocation in that
 * time, collected or not, as a .heapprofile: what fills the young generation per heartbeat.
 */
async function startProfile() {
  const allocations = process.env.BENCH_HEARTBEAT_ALLOCATIONS;
  const dir = allocations ?? process.env.BENCH_HEARTBEAT_PROFILE;
  if (dir === undefined) return undefined;
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
    );
  const [stop, suffix] =
    allocations === undefined
      ? ['Profiler.stop', 'cpuprofile']
      : ['HeapProfiler.stopSampling', 'heapprofile'];
  if (allocations === undefined) {
    await post('Profiler.enable');
    await post('Profiler.setSamplingInterval', { interval: 500 });
    await post('Profiler.start');
  } else {
    await post('HeapProfiler.enable');
    await post('HeapProfiler.startSampling', {
      samplingInterval: 16_384,
      // BENCH_HEARTBEAT_LIVE=1: only what is still alive when the load ends, i.e. what the
      // heartbeats left in the heap (and the next full collection may find dead).
      includeObjectsCollectedByMajorGC: process.env.BENCH_HEARTBEAT_LIVE !== '1',
      includeObjectsCollectedByMinorGC: process.env.BENCH_HEARTBEAT_LIVE !== '1',
    });
  }
  return {
    async stop() {
      const { profile } = (await post(stop)) as { profile: object };
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `heartbeat-${Date.now()}.${suffix}`), JSON.stringify(profile));
      session.disconnect();
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
    terminals: loadTerminals(fleet),
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
  const flags = result.onNewConnection;
  const opened = result.samples.filter((_, i) => flags?.[i] === true);
  const kept = result.samples.filter((_, i) => flags?.[i] === false);
  const openedStats = opened.length === 0 ? undefined : stats(opened);
  const connections =
    flags === undefined
      ? ''
      : `then on new connections ${opened.length}${openedStats === undefined ? '' : ` (p50 ${ms(openedStats.p50)}, p99 ${ms(openedStats.p99)})`}, ` +
        `on kept-alive ones ${kept.length} (${tailOf(kept)}); `;
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
    for (let i = 0; i < fleet.size; i++) {
      const terminalId = terminalIdOf(i);
      registered.run(terminalId, identity, at, ed25519.name, publicKeyOf(fleet, i), at);
      seen.run(...seenRow(terminalId, at));
      online.run(terminalId, at);
    }
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
  await writeFleet(url, fleet);
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

/**
 * Through storage of its own, closed before the centre opens: a function's locals stay
 * reachable while it awaits, so storage opened in onPostgres would keep its registry mirror
 * (another 120,000 terminals) in this process for the whole load.
 */
async function writeFleet(url: string, fleet: Fleet) {
  const setup = await openPostgresStorage(url);
  try {
    await writeRows(setup.pool, fleet);
  } finally {
    await setup.close();
  }
}

async function writeRows(pool: PostgresStorage['pool'], fleet: Fleet) {
  const at = new Date().toISOString();
  const ids = Array.from({ length: fleet.size }, (_, i) => terminalIdOf(i));
  const rows = ids.map((id) => seenRow(id, at));
  const column = (i: number) => rows.map((row) => row[i]);
  await pool.query(
    `INSERT INTO registered_terminals (terminal_id, identity, created_at, algorithm, public_key, enrolled_at)
     SELECT id, $2, $3, $4, key, $3 FROM unnest($1::text[], $5::text[]) AS t(id, key)`,
    [
      ids,
      JSON.stringify(snapshot().terminal),
      at,
      ed25519.name,
      ids.map((_, i) => publicKeyOf(fleet, i)),
    ],
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
