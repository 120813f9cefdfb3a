/**
 * Heartbeats at national scale (issue 7): 120,000 enrolled terminals each sending a signed
 * heartbeat every 60 s, i.e. 2,000 requests a second, open-loop from a forked child process
 * (centre-load.ts): each request leaves at its scheduled time whatever the replies do, and
 * its latency counts from that time, so a centre that stalls shows the queue it builds.
 * The centre is the real one on a SQLite file (WAL, synchronous=FULL) with its presence
 * sweeper running. PostgreSQL: not run yet (docs/benchmarks.md).
 */
import { join } from 'node:path';
import { HEARTBEAT_PATH } from '@bianmin/contract';
import { openCentralDatabase } from '../../sync/src/central/database.js';
import { buildCentralServer } from '../../sync/src/central/server.js';
import { createSqliteTerminalRegistry } from '../../sync/src/central/trust/index.js';
import { snapshot } from '../../sync/src/testing/fixtures.js';
import { enrolDirectly, runLoad } from './centre-fleet.js';
import { ms, stats, temp } from './shared.js';

const TERMINALS = Number(process.env.BENCH_HEARTBEAT_TERMINALS ?? 120_000);
const INTERVAL_SECONDS = 60;
const SECONDS = Number(process.env.BENCH_HEARTBEAT_SECONDS ?? 60);

export async function benchCentreHeartbeat(): Promise<string> {
  const opened = openCentralDatabase(join(temp('centre-heartbeat'), 'central.sqlite'));
  if (!opened.ok) throw new Error(opened.error.message);
  const db = opened.value;
  const t0 = performance.now();
  // One transaction for the whole register: 120,000 commits would take minutes.
  db.exec('BEGIN');
  const terminals = await enrolDirectly(
    createSqliteTerminalRegistry(db),
    Array.from({ length: TERMINALS }, (_, i) => `T-hb-${String(i).padStart(6, '0')}`),
  );
  // Steady state: every terminal already seen and online, as a minute after start. A first
  // heartbeat changes presence, a write of its own (docs/benchmarks.md).
  const at = new Date().toISOString();
  const { terminal } = snapshot();
  const seen = db.prepare(`
    INSERT INTO terminals (terminal_id, first_seen_at, name, community_name, community_code,
      community_kind, street_name, street_code, county_name, county_code, city_name, city_code,
      province_name, province_code, interval_seconds, last_seen_at, last_sent_at, devices, outbox_pending)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 60, ?, ?, ?, 0)`);
  const online = db.prepare(
    "INSERT INTO presence_current (terminal_id, presence, since) VALUES (?, 'online', ?)",
  );
  const { community, region } = terminal;
  for (const { terminalId } of terminals) {
    seen.run(
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
      JSON.stringify(snapshot().devices),
    );
    online.run(terminalId, at);
  }
  db.exec('COMMIT');
  const enrolSeconds = (performance.now() - t0) / 1000;
  const centre = buildCentralServer({ db });
  const url = await centre.listen({ port: 0, host: '127.0.0.1' });
  const perSecond = TERMINALS / INTERVAL_SECONDS;
  const result = await runLoad({
    kind: 'open',
    url,
    path: HEARTBEAT_PATH,
    seconds: SECONDS,
    perSecond,
    terminals,
  });
  await centre.close();
  db.close();
  const s = stats(result.samples);
  const failed =
    Object.keys(result.failures).length === 0 ? 'none' : JSON.stringify(result.failures);
  return (
    `centre heartbeats on SQLite, ${TERMINALS.toLocaleString('en')} terminals every ${INTERVAL_SECONDS} s ` +
    `(${perSecond.toFixed(0)}/s open-loop for ${SECONDS} s, ${result.requests} requests, load from a child process; ` +
    `enrolled directly in ${enrolSeconds.toFixed(0)} s): p50 ${ms(s.p50)}, p99 ${ms(s.p99)}, max ${ms(s.max)}; ` +
    `not 200: ${failed}; PostgreSQL: not run (no heartbeat store on PostgreSQL yet)`
  );
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await benchCentreHeartbeat());
