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

const DAYS = 30;
const DAY_MS = 86_400_000;
/** Rows per unit and day in the seeded rollup: two services' tickets, served, calls, ratings. */
const ROLLUP_ROWS: [string, string, number][] = [
  ['tickets', 'social-security', 40],
  ['tickets', 'medical-insurance', 12],
  ['applications', 'residence-cert', 2],
  ['served', 'social-security', 30],
  ['staffCalls', '', 1],
  ['ratings', 'very-satisfied', 5],
  ['ratings', 'satisfied', 3],
  ['ratings', 'dissatisfied', 1],
];
/** The city whose 3,000 communities get community-level rows (the county account's). */
const DETAIL_CITY = '1401';

/**
 * The usage rollup as 30 days of national use leave it: every province, city, county and
 * street, and the communities of one city (the rows a street's table reads; other cities'
 * community rows lie outside every measured range of the primary key).
 */
function seedRollup(db: ReturnType<typeof openDb>, now: Date): number {
  const insert = db.prepare(
    'INSERT INTO usage_rollup (level, unit_code, day, kind, key, count) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const name = db.prepare('INSERT OR IGNORE INTO usage_units (code, name) VALUES (?, ?)');
  const services = db.prepare(
    'INSERT OR IGNORE INTO usage_services (service_id, name, named_at) VALUES (?, ?, ?)',
  );
  const days = Array.from({ length: DAYS }, (_, i) =>
    new Date(now.getTime() - i * DAY_MS).toISOString().slice(0, 10),
  );
  let rows = 0;
  const unit = (code: string) => {
    name.run(code, `单位${code}`);
    for (const day of days) {
      for (const [kind, key, count] of ROLLUP_ROWS) {
        insert.run(code.length, code, day, kind, key, count);
        rows++;
      }
    }
  };
  db.transaction(() => {
    services.run('social-security', '社保查询', now.toISOString());
    services.run('medical-insurance', '医保业务', now.toISOString());
    for (const p of PROVINCES) {
      unit(p);
      for (let c = 1; c <= PER_LEVEL; c++) {
        const city = `${p}${two(c)}`;
        unit(city);
        for (let k = 1; k <= PER_LEVEL; k++) {
          const county = `${city}${two(k)}`;
          unit(county);
          for (let st = 1; st <= PER_LEVEL; st++) {
            const street = `${county}${String(st).padStart(3, '0')}`;
            unit(street);
            if (city !== DETAIL_CITY) continue;
            for (let m = 1; m <= COMMUNITIES_PER_STREET; m++) {
              unit(`${street}${String(m).padStart(3, '0')}`);
            }
          }
        }
      }
    }
  })();
  return rows;
}

/** A minute of national traffic: `perTerminal` new events delivered by every terminal. */
function seedDeliveries(db: ReturnType<typeof openDb>, now: Date, perTerminal: number): number {
  const ids = db.prepare('SELECT terminal_id FROM terminals').pluck().all() as string[];
  const event = db.prepare(`
    INSERT INTO events (terminal_id, epoch, seq, type, created_at, sent_at, received_at,
      corrected_at, time_uncertain, payload) VALUES (?, 'bench', ?, ?, ?, ?, ?, ?, 0, ?)`);
  const position = db.prepare(
    `INSERT INTO delivery_positions (terminal_id, epoch, acked_up_to, first_seen_at)
     VALUES (?, 'bench', ?, ?)`,
  );
  const at = now.toISOString();
  const ticket = JSON.stringify({
    serviceId: 'social-security',
    serviceName: '社保查询',
    ticketNumber: 'A001',
    priority: false,
    durationMs: 30_000,
  });
  const rating = JSON.stringify({
    serviceId: 'social-security',
    level: 'satisfied',
    reasons: [],
    outcome: 'ticket-issued',
  });
  db.transaction(() => {
    for (const id of ids) {
      for (let seq = 1; seq <= perTerminal; seq++) {
        const isRating = seq % 5 === 0;
        event.run(
          id,
          seq,
          isRating ? 'rating.submitted' : 'ticket.issued',
          at,
          at,
          at,
          at,
          isRating ? rating : ticket,
        );
      }
      position.run(id, perTerminal, at);
    }
  })();
  return ids.length * perTerminal;
}

/** One terminal's 90 days at their busiest: a change every hour, 15-minute records. */
function seedHistory(db: ReturnType<typeof openDb>, terminalId: string, now: Date): number {
  const presence = db.prepare(
    'INSERT INTO presence_history (terminal_id, at, presence, previous) VALUES (?, ?, ?, ?)',
  );
  const interval = db.prepare(`
    INSERT INTO service_intervals (terminal_id, reported_from, state, reported_to, corrected_from,
      corrected_to, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const change = db.prepare(
    `INSERT INTO device_changes (terminal_id, epoch, seq, at, device, state)
     VALUES (?, 'bench', ?, ?, 'printer', ?)`,
  );
  const start = now.getTime() - 90 * DAY_MS;
  let rows = 0;
  db.transaction(() => {
    for (let t = start, i = 0; t < now.getTime(); t += 3_600_000, i++) {
      const iso = new Date(t).toISOString();
      presence.run(terminalId, iso, i % 2 ? 'degraded' : 'online', i % 2 ? 'online' : 'degraded');
      if (i % 4 === 0) change.run(terminalId, i, iso, i % 8 ? 'ready' : 'no-paper');
      rows += 1;
    }
    for (let t = start; t < now.getTime(); t += 900_000) {
      const from = new Date(t).toISOString();
      const to = new Date(t + 900_000).toISOString();
      interval.run(terminalId, from, 'in-service', to, from, to, to);
      rows += 1;
    }
  })();
  return rows;
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
  const rollupRows = seedRollup(db, now);
  const historyRows = seedHistory(db, 'T-140101001001-01', now);
  // Advanced past the rollup's interval to make a read run the rollup first.
  let clock = now;
  const server = buildCentralServer({
    db,
    now: () => clock,
    trust: { adminToken },
    // Presence as seeded: these figures are the monitoring queries', not the sweeper's.
    presenceSweepMs: 3_600_000,
    usageRollupMs: 1_000,
    // Timers that never fire: no background sweep or rollup runs between the measured reads.
    clock: { now: () => Date.now(), setTimeout: () => 0, clearTimeout: () => undefined },
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

  // A kept-alive connection the server has just closed fails at once: retried on a new one.
  const get = (path: string, cookie: string) =>
    fetch(url + path, { headers: { cookie } }).catch(() =>
      fetch(url + path, { headers: { cookie } }),
    );

  const measure = async (label: string, cookie: string, path: string, samples = SAMPLES) => {
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < samples; i++) {
      const started = performance.now();
      const res = await get(path, cookie);
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
  // The rollup itself: a pass with nothing new (what every tick costs), then a minute of
  // national traffic (5 events from each of 120,000 terminals) counted by one pass.
  const usagePath = '/api/v1/monitor/usage';
  const timed = async (path: string) => {
    clock = new Date(clock.getTime() + 2_000);
    const started = performance.now();
    await (await get(path, county)).arrayBuffer();
    return performance.now() - started;
  };
  const delivered = seedDeliveries(db, now, 5);
  const passMs = await timed(usagePath);
  const idle: number[] = [];
  for (let i = 0; i < 10; i++) idle.push(await timed(usagePath));
  clock = now;
  const terminal = '/api/v1/monitor/terminals/T-140101001001-01';
  lines.push(
    `Usage rollup seeded with ${rollupRows.toLocaleString('en')} rows (${DAYS} days; community rows for city ${DETAIL_CITY}); one terminal with ${historyRows.toLocaleString('en')} history rows:`,
    await measure('usage, nation (by province), 30 days', nation, usagePath),
    await measure('usage, one province (by city)', nation, `${usagePath}?region=14`),
    await measure('usage, county account (by street)', county, usagePath),
    await measure('usage, a street (by community)', county, `${usagePath}?region=140101001`),
    await measure('ratings, nation (by province)', nation, '/api/v1/monitor/ratings'),
    await measure(
      'ratings, a street (by community)',
      county,
      '/api/v1/monitor/ratings?region=140101001',
    ),
    await measure('CSV usage, county account', county, '/api/v1/monitor/usage.csv'),
    await measure('CSV ratings, nation', nation, '/api/v1/monitor/ratings.csv'),
    await measure('terminal, 90 days (busiest history)', county, `${terminal}/days`),
    await measure('CSV terminal days', county, `${terminal}/days.csv`),
    `  usage read with an idle rollup pass first (120,000 positions): p50 ${ms(stats(idle).p50)}, max ${ms(stats(idle).max)}`,
    `  usage read with a pass over ${delivered.toLocaleString('en')} new events of 120,000 terminals: ${ms(passMs)}`,
  );
  await server.close();
  db.close();
  return lines;
}
