import pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../testing/postgres-database.js';
import type { CoverageJudge, ServiceInterval } from '../../coverage/coverage-store.js';
import { CENTRAL_POSTGRES_MIGRATIONS } from './central-migrations.js';
import { createPostgresCoverageStore } from './coverage-store.js';
import { migratePostgres } from './migrate.js';

const COMMUNITY = '140902001001';
/** 2 to 13 November: many community-days, so unlocked writers would collide on some. */
const DAYS = Array.from({ length: 12 }, (_, i) => `2026-11-${String(i + 2).padStart(2, '0')}`);
/** Covered from one hour of service. */
const judge: CoverageJudge = (_code, _day, best) => ({ covered: best >= 3600, kind: 'urban' });

const served = (day: string, hour: number, seconds: number): ServiceInterval => {
  const from = `${day}T0${hour}:00:00.000Z`;
  const to = new Date(Date.parse(from) + seconds * 1000).toISOString();
  return {
    state: 'in-service',
    reportedFrom: from,
    reportedTo: to,
    correctedFrom: from,
    correctedTo: to,
    days: [{ day, seconds, closesAt: `${day}T23:00:00.000Z` }],
  };
};

let database: TestDatabase;
let second: pg.Pool;
beforeEach(async () => {
  database = await createTestDatabase();
  await migratePostgres(database.pool, CENTRAL_POSTGRES_MIGRATIONS);
  second = new pg.Pool({ connectionString: database.url });
});
afterEach(async () => {
  await second.end();
  await database.drop();
});

it('counts a community-day once when two instances cover it at the same moment', async () => {
  const [a, b] = [createPostgresCoverageStore(database.pool), createPostgresCoverageStore(second)];
  const receivedAt = new Date('2026-11-07T00:00:00.000Z');
  // Two terminals of one community, each enough on its own, reported through two instances.
  await Promise.all(
    DAYS.flatMap((day) => [
      a.addServiceTime({
        terminalId: 'T-E1',
        communityCode: COMMUNITY,
        intervals: [served(day, 1, 3600)],
        receivedAt,
        judge,
      }),
      b.addServiceTime({
        terminalId: 'T-E2',
        communityCode: COMMUNITY,
        intervals: [served(day, 2, 7200)],
        receivedAt,
        judge,
      }),
    ]),
  );
  const range = { prefix: '140902', from: DAYS[0]!, to: DAYS.at(-1)! };
  const expected = [{ child: '140902001', month: '2026-11', kind: 'urban', n: 12 }];
  expect(await a.coveredCounts(range, 9)).toEqual(expected);
  expect(await b.coveredCounts(range, 12)).toEqual([{ ...expected[0], child: COMMUNITY }]);
  // The counts kept ahead agree with a recount from the community-days.
  await a.rebuildRollups();
  expect(await b.coveredCounts(range, 9)).toEqual(expected);
  const best = await database.pool.query<{ best_seconds: number }>(
    'SELECT DISTINCT best_seconds FROM community_day',
  );
  expect(best.rows).toEqual([{ best_seconds: 7200 }]);
});
