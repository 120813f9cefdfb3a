/**
 * The monitoring API at 120,000 terminals: a centre on a SQLite file seeded directly with
 * 120,000 terminals (4 provinces x 10 cities x 10 counties x 10 streets x 30 communities)
 * and their presence, answering over HTTP on loopback to a logged-in national account and
 * a county account. Each figure is the time to the last byte of the reply, and its size.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ADMIN_ACCOUNTS_PATH, MONITOR_LOGIN_PATH } from '@bianmin/contract';
import { buildCentralServer, openCentralDatabase } from '@bianmin/sync/central';
import { ms, stats, temp } from './shared.js';

const PROVINCES = ['14', '15', '41', '61'];
const PER_LEVEL = 10;
const COMMUNITIES_PER_STREET = 30;
const SAMPLES = 40;
const PRESENCE_CYCLE = [
  ...Array<string>(17).fill('online'),
  'degraded',
  'offline',
  'closed',
] as const;

const two = (n: number) => String(n).padStart(2, '0');

function seed(db: ReturnType<typeof openDb>, now: Date): number {
  const insert = db.prepare(`
    INSERT INTO terminals (terminal_id, first_seen_at, name, community_name, community_code,
      community_kind, street_name, street_code, county_name, county_code, city_name, city_code,
      province_name, province_code, interval_seconds, last_seen_at, last_sent_at, devices,
      outbox_pending)
    VALUES (?, ?, ?, ?, ?, 'urban', ?, ?, ?, ?, ?, ?, ?, ?, 3600, ?, ?, ?, 0)`);
  const presence = db.prepare(
    'INSERT INTO presence_current (terminal_id, presence, since) VALUES (?, ?, ?)',
  );
  const at = now.toISOString();
  let n = 0;
  db.transaction(() => {
    for (const p of PROVINCES) {
      for (let c = 1; c <= PER_LEVEL; c++) {
        const city = `${p}${two(c)}`;
        for (let k = 1; k <= PER_LEVEL; k++) {
          const county = `${city}${two(k)}`;
          for (let s = 1; s <= PER_LEVEL; s++) {
            const street = `${county}${String(s).padStart(3, '0')}`;
            for (let m = 1; m <= COMMUNITIES_PER_STREET; m++) {
              const community = `${street}${String(m).padStart(3, '0')}`;
              const state = PRESENCE_CYCLE[n % PRESENCE_CYCLE.length]!;
              const devices = JSON.stringify({
                idCardReader: 'ready',
                printer: state === 'degraded' ? 'no-paper' : 'ready',
              });
              const id = `T-${community}-01`;
              insert.run(
                id,
                at,
                `${community} 1号机`,
                `社区${community}`,
                community,
                `街道${street}`,
                street,
                `区县${county}`,
                county,
                `城市${city}`,
                city,
                `省${p}`,
                p,
                state === 'offline' ? new Date(now.getTime() - 86_400_000).toISOString() : at,
                at,
                devices,
              );
              presence.run(id, state, at);
              n++;
            }
          }
        }
      }
    }
  })();
  return n;
}

const openDb = (file: string) => {
  const opened = openCentralDatabase(file);
  if (!opened.ok) throw new Error(opened.error.message);
  return opened.value;
};

export async function benchMonitoring(): Promise<string[]> {
  const dir = temp('monitoring');
  const db = openDb(join(dir, 'central.sqlite'));
  const now = new Date();
  const seedStarted = performance.now();
  const terminals = seed(db, now);
  const seedMs = performance.now() - seedStarted;
  const adminToken = randomBytes(32).toString('base64url');
  const server = buildCentralServer({
    db,
    now: () => now,
    trust: { adminToken },
    // Presence as seeded: these figures are the monitoring queries', not the sweeper's.
    presenceSweepMs: 3_600_000,
  });
  const url = await server.listen({ port: 0, host: '127.0.0.1' });
  const password = 'bench password 0123';
  const login = async (user: string, region: string) => {
    await fetch(url + ADMIN_ACCOUNTS_PATH, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ user, role: 'viewer', region, password }),
    });
    const res = await fetch(url + MONITOR_LOGIN_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url },
      body: JSON.stringify({ user, password }),
    });
    return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  };
  const nation = await login('bench-nation', 'nation');
  const county = await login('bench-county', '140101');

  // The first read decides presence for every terminal once (the sweeper's own cost).
  const sweepStarted = performance.now();
  await fetch(`${url}/api/v1/monitor/regions`, { headers: { cookie: nation } });
  const firstSweepMs = performance.now() - sweepStarted;

  const measure = async (label: string, cookie: string, path: string, samples = SAMPLES) => {
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < samples; i++) {
      const started = performance.now();
      const res = await fetch(url + path, { headers: { cookie } });
      const body = new Uint8Array(await res.arrayBuffer());
      times.push(performance.now() - started);
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
      bytes = body.byteLength;
    }
    const s = stats(times);
    return `  ${label.padEnd(46)} p50 ${ms(s.p50).padStart(10)}  p99 ${ms(s.p99).padStart(10)}  ${(bytes / 1024).toFixed(1).padStart(8)} KB`;
  };

  // Halfway through the national list (terminals sort by community code, then id).
  const deep = encodeURIComponent('410101001001~T-410101001001-01');

  const lines = [
    `Monitoring API at ${terminals.toLocaleString('en')} terminals (seeded in ${(seedMs / 1000).toFixed(1)} s; first read with the presence sweep: ${ms(firstSweepMs)}), ${SAMPLES} requests each, HTTP on loopback:`,
    await measure('terminals, nation, first page of 50', nation, '/api/v1/monitor/terminals'),
    await measure('terminals, nation, page of 200', nation, '/api/v1/monitor/terminals?limit=200'),
    await measure(
      'terminals, nation, a page halfway (cursor)',
      nation,
      `/api/v1/monitor/terminals?cursor=${deep}`,
    ),
    await measure(
      'terminals, nation, presence=offline',
      nation,
      '/api/v1/monitor/terminals?presence=offline',
    ),
    await measure('terminals, nation, fault=any', nation, '/api/v1/monitor/terminals?fault=any'),
    await measure(
      'terminals, nation, fault=storage (no match)',
      nation,
      '/api/v1/monitor/terminals?fault=storage',
      5,
    ),
    await measure('terminals, one city (1401)', nation, '/api/v1/monitor/terminals?region=1401'),
    await measure('terminals, county account', county, '/api/v1/monitor/terminals'),
    await measure('regions, nation (by province)', nation, '/api/v1/monitor/regions'),
    await measure('regions, one province (by city)', nation, '/api/v1/monitor/regions?region=14'),
    await measure('regions, county account (by street)', county, '/api/v1/monitor/regions'),
    await measure(
      'CSV, county account (300 terminals)',
      county,
      '/api/v1/monitor/terminals.csv',
      10,
    ),
    await measure('CSV, nation (every terminal)', nation, '/api/v1/monitor/terminals.csv', 3),
  ];
  await server.close();
  db.close();
  return lines;
}
