/**
 * The coverage indicator at national scale: 113,000 urban communities (the national plan's
 * count of resident committees) with every community-day of 30 days stored, then
 * `GET /api/v1/coverage` for the whole list, one province and one county over HTTP inject.
 * The days are written straight into community_day and its county and street rollups
 * recounted (3.4 million rows through the ingest would measure the ingest, see
 * centre-ingest.ts); the report is measured as served.
 */
import { join } from 'node:path';
import type { CommunitiesConfig, RegionsConfig } from '@bianmin/config';
import {
  buildCentralServer,
  createSqliteCoverageStore,
  openCentralDatabase,
} from '@bianmin/sync/central';
import { ms, stats, temp } from './shared.js';

const COMMUNITIES = 113_000;
const DAYS = 30;
const FIRST_DAY = Date.parse('2026-10-01T00:00:00Z');
const RUNS = 7;

const regions: RegionsConfig = {
  indicator: { minimumServiceHours: 8 },
  presence: { offlineAfterMissedHeartbeats: 3 },
  serviceHours: [{ days: [1, 2, 3, 4, 5], open: '08:30', close: '17:30' }],
  holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
  closures: [],
  regions: [],
};

function nationalList(): CommunitiesConfig['communities'] {
  const list: CommunitiesConfig['communities'] = [];
  const two = (n: number) => String(n).padStart(2, '0');
  const three = (n: number) => String(n).padStart(3, '0');
  for (let p = 11; p < 11 + 31; p++) {
    for (let c = 1; c <= 10; c++) {
      for (let k = 1; k <= 10; k++) {
        for (let s = 1; s <= 4; s++) {
          for (let m = 1; m <= 10; m++) {
            if (list.length === COMMUNITIES) return list;
            const code = `${p}${two(c)}${two(k)}${three(s)}${three(m)}`;
            list.push({ code, name: `第${list.length}社区居民委员会`, kind: 'urban' });
          }
        }
      }
    }
  }
  return list;
}

export async function benchCoverage(): Promise<string> {
  const communities = { communities: nationalList() };
  const opened = openCentralDatabase(join(temp('coverage'), 'central.sqlite'));
  if (!opened.ok) throw new Error(opened.error.message);
  const db = opened.value;
  const app = buildCentralServer({ db, regions, communities, now: () => new Date(FIRST_DAY) });
  await app.ready();

  const days = Array.from({ length: DAYS }, (_, d) =>
    new Date(FIRST_DAY + d * 86_400_000).toISOString().slice(0, 10),
  );
  const open = (day: string) => {
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6 && !regions.holidays.includes(day);
  };
  const insert = db.prepare(
    'INSERT INTO community_day (community_code, day, kind, best_seconds, covered) VALUES (?, ?, ?, ?, ?)',
  );
  let covered = 0;
  const t0 = performance.now();
  db.transaction(() => {
    communities.communities.forEach(({ code }, i) => {
      for (const [d, day] of days.entries()) {
        // Two in three communities serve the full day; the rest fall short now and then.
        const seconds = i % 3 === 0 && d % 2 === 0 ? 5 * 3600 : 9 * 3600;
        const isCovered = open(day) && seconds >= 8 * 3600;
        covered += isCovered ? 1 : 0;
        insert.run(code, day, 'urban', seconds, isCovered ? 1 : 0);
      }
    });
  })();
  await createSqliteCoverageStore(db).rebuildRollups();
  const fillSeconds = (performance.now() - t0) / 1000;

  const time = async (region: string | undefined) => {
    const query = `from=${days[0]}&to=${days.at(-1)}${region === undefined ? '' : `&region=${region}`}`;
    const samples: number[] = [];
    let body = '';
    for (let run = 0; run < RUNS; run++) {
      const t = performance.now();
      const reply = await app.inject({ url: `/api/v1/coverage?${query}` });
      samples.push(performance.now() - t);
      if (reply.statusCode !== 200) throw new Error(`coverage answered ${reply.statusCode}`);
      body = reply.body;
    }
    return {
      ...stats(samples),
      bytes: body.length,
      report: JSON.parse(body) as { region: { urban: { coveredDays: number } } },
    };
  };
  const nation = await time(undefined);
  if (nation.report.region.urban.coveredDays !== covered) {
    throw new Error(`covered ${nation.report.region.urban.coveredDays}, expected ${covered}`);
  }
  const province = await time('14');
  const county = await time('140101');
  await app.close();
  db.close();
  return (
    `coverage report, ${COMMUNITIES.toLocaleString('en')} urban communities x ${DAYS} days ` +
    `(${(COMMUNITIES * DAYS).toLocaleString('en')} community-days stored in ${fillSeconds.toFixed(1)} s, ` +
    `${covered.toLocaleString('en')} covered), GET /api/v1/coverage, ${RUNS} runs each: ` +
    `whole list p50 ${ms(nation.p50)}, max ${ms(nation.max)} (${nation.bytes} bytes); ` +
    `one province p50 ${ms(province.p50)}; one county p50 ${ms(county.p50)}`
  );
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await benchCoverage());
