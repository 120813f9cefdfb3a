import type { CommunitiesConfig, RegionsConfig } from '@bianmin/config';
import {
  EVENTS_PATH,
  HEARTBEAT_PATH,
  type CoverageReport,
  type ServiceTime,
  type TerminalEvent,
} from '@bianmin/contract';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enrolByInject } from '../../testing/enrol.js';
import { heartbeatBody, snapshot } from '../../testing/fixtures.js';
import { TEST_STORAGES, openTestStores, type TestStores } from '../../testing/test-stores.js';
import { buildCentralServer } from '../server.js';
import { OPEN_ALL_DAY } from './calendar.js';

/**
 * The worked example of docs/coverage.md: one street, the week of Monday 2 November 2026,
 * service hours Monday to Friday 08:30-17:30, figures computed by hand there.
 */
const STREET = '140902001';
const A = `${STREET}001`; // a terminal serving every weekday
const B = `${STREET}002`; // closed Wednesday; a fault Tuesday; Thursday served offline
const C = `${STREET}003`; // no terminal at all
const E = `${STREET}004`; // two terminals: the better one counts, hours are not added up
const D = `${STREET}201`; // a village: rural, shown apart
const WEEK = ['2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06'];

const regions: RegionsConfig = {
  ...OPEN_ALL_DAY,
  serviceHours: [{ days: [1, 2, 3, 4, 5], open: '08:30', close: '17:30' }],
  regions: [
    {
      code: '140902',
      name: '忻府区',
      level: 'county',
      coverage: { baseline: { percent: 10, year: 2022 }, target: { percent: 100, year: 2025 } },
    },
  ],
};
const communities: CommunitiesConfig = {
  communities: [
    { code: A, name: '甲社区居民委员会', kind: 'urban', street: '示例街道' },
    {
      code: B,
      name: '乙社区居民委员会',
      kind: 'urban',
      street: '示例街道',
      closures: [{ from: '2026-11-04', to: '2026-11-04', reason: '停电检修' }],
    },
    { code: C, name: '丙社区居民委员会', kind: 'urban', street: '示例街道' },
    { code: E, name: '戊社区居民委员会', kind: 'urban', street: '示例街道' },
    { code: D, name: '丁村民委员会', kind: 'rural', street: '示例街道' },
  ],
};

/** An instant given in Shanghai local time. */
const local = (day: string, clock: string) => new Date(`${day}T${clock}:00+08:00`).toISOString();

describe.each(TEST_STORAGES)('on %s', (storage) => {
  let opened: TestStores;
  let app: FastifyInstance;
  let now: Date;
  const seqs = new Map<string, number>();
  /** The community each terminal is registered for by the administrator. */
  const COMMUNITY_OF: Record<string, string> = {
    'T-A': A,
    'T-B': B,
    'T-C': C,
    'T-E1': E,
    'T-E2': E,
    'T-D': D,
  };
  const posters = new Map<
    string,
    (path: string, body: unknown) => Promise<LightMyRequestResponse>
  >();
  /** POSTs signed as `terminalId`, enrolled on first use. */
  async function post(terminalId: string, path: string, body: unknown) {
    let poster = posters.get(terminalId);
    if (poster === undefined) {
      const fixture = snapshot().terminal;
      const code = COMMUNITY_OF[terminalId] ?? fixture.community.code;
      poster = await enrolByInject({
        app,
        registry: opened.stores.registry,
        terminalId,
        now: () => now,
        terminal: { ...fixture, community: { ...fixture.community, code } },
      });
      posters.set(terminalId, poster);
    }
    return poster(path, body);
  }

  beforeEach(async () => {
    opened = await openTestStores(storage);
    now = new Date(local('2026-11-02', '08:00'));
    app = buildCentralServer({ stores: opened.stores, now: () => now, regions, communities });
    await app.ready();
    seqs.clear();
    posters.clear();
  });
  afterEach(async () => {
    await app.close();
    await opened.close();
  });

  async function heartbeat(terminalId: string, community: string) {
    const body = heartbeatBody(terminalId, now.toISOString());
    body.terminal.community.code = community;
    const res = await post(terminalId, HEARTBEAT_PATH, body);
    expect(res.statusCode).toBe(200);
  }

  /** The terminal's own record of [from, to) on `day`, delivered at `sentAt` (default: at its end). */
  function interval(
    day: string,
    from: string,
    to: string,
    state: ServiceTime['state'] = 'in-service',
  ) {
    return { state, from: local(day, from), to: local(day, to) };
  }

  async function deliver(
    terminalId: string,
    intervals: ServiceTime[],
    at?: string,
    clockOffsetMs = 0,
  ) {
    now = new Date(at ?? intervals.at(-1)!.to);
    const shifted = (iso: string) => new Date(Date.parse(iso) + clockOffsetMs).toISOString();
    const events: TerminalEvent[] = intervals.map((payload) => {
      const seq = (seqs.get(terminalId) ?? 0) + 1;
      seqs.set(terminalId, seq);
      return {
        seq,
        type: 'service-time.recorded',
        createdAt: shifted(payload.to),
        payload: { ...payload, from: shifted(payload.from), to: shifted(payload.to) },
      };
    });
    const res = await post(terminalId, EVENTS_PATH, {
      terminalId,
      sentAt: shifted(now.toISOString()),
      events,
    });
    expect(res.statusCode).toBe(200);
  }

  async function coverage(region: string, from = WEEK[0], to = '2026-11-08') {
    const res = await app.inject({
      url: `/api/v1/coverage?region=${region}&from=${from}&to=${to}`,
    });
    expect(res.statusCode).toBe(200);
    return res.json<CoverageReport>();
  }

  async function playTheWeek() {
    for (const [terminal, community] of [
      ['T-A', A],
      ['T-B', B],
      ['T-E1', E],
      ['T-E2', E],
      ['T-D', D],
    ] as const) {
      await heartbeat(terminal, community);
    }
    for (const day of WEEK) {
      await deliver('T-A', [interval(day, '08:30', '17:30')]);
      await deliver('T-D', [interval(day, '08:30', '17:30')]);
    }
    // A served on Saturday too: not a day it is due to serve, so it neither counts nor hurts.
    await deliver('T-A', [interval('2026-11-07', '08:30', '17:30')]);
    // B: Monday in full; Tuesday two hours without paper (7 h in service: not covered).
    await deliver('T-B', [interval(WEEK[0]!, '08:30', '17:30')]);
    await deliver('T-B', [
      interval(WEEK[1]!, '08:30', '10:00'),
      interval(WEEK[1]!, '10:00', '12:00', 'device-fault'),
      interval(WEEK[1]!, '12:00', '17:30'),
    ]);
    // E: Monday one terminal 5 h, the other 8 h (covered); Tuesday 5 h each (not covered).
    await deliver('T-E1', [interval(WEEK[0]!, '08:30', '13:30')]);
    await deliver('T-E2', [interval(WEEK[0]!, '09:30', '17:30')]);
    await deliver('T-E1', [interval(WEEK[1]!, '08:30', '13:30')]);
    await deliver('T-E2', [interval(WEEK[1]!, '12:30', '17:30')]);
  }

  describe('the coverage indicator', () => {
    it('matches the worked example of docs/coverage.md', async () => {
      await playTheWeek();
      // B's Thursday, served with the network down, arrives on Saturday: it counts, as a revision.
      await deliver('T-B', [interval(WEEK[3]!, '08:30', '17:30')], local('2026-11-07', '10:00'));

      const street = await coverage(STREET);
      expect(street.region).toMatchObject({
        code: STREET,
        name: '示例街道',
        level: 'street',
        urban: { communities: 4, communityDays: 19, coveredDays: 8, percent: 42.1 },
        rural: { communities: 1, communityDays: 5, coveredDays: 5, percent: 100 },
      });
      const byCode = Object.fromEntries(street.children.map((c) => [c.code, c.urban]));
      expect(byCode[A]).toMatchObject({ communityDays: 5, coveredDays: 5 });
      expect(byCode[B]).toMatchObject({ communityDays: 4, coveredDays: 2 });
      expect(byCode[C]).toMatchObject({ communityDays: 5, coveredDays: 0, percent: 0 });
      expect(byCode[E]).toMatchObject({ communityDays: 5, coveredDays: 1 });
      expect(street.revised).toEqual({ communityDays: 1, latestAt: local('2026-11-07', '10:00') });
      expect(street.months).toEqual([
        { month: '2026-11', urban: street.region.urban, rural: street.region.rural },
      ]);

      // The same figures roll up to the county, with its plan's baseline and target.
      const county = await coverage('140902');
      expect(county.region).toMatchObject({
        name: '忻府区',
        level: 'county',
        baseline: { percent: 10, year: 2022 },
        target: { percent: 100, year: 2025 },
        urban: street.region.urban,
      });
      expect(county.children.map((c) => c.code)).toEqual([STREET]);
    });

    it('re-judges stored days when the rule changes, e.g. a 5-hour threshold', async () => {
      await playTheWeek();
      // The centre restarts on the same database with another rule.
      await app.close();
      const fiveHours = { ...regions, indicator: { minimumServiceHours: 5 } };
      app = buildCentralServer({
        stores: opened.stores,
        now: () => now,
        regions: fiveHours,
        communities,
      });
      await app.ready();
      // B's Tuesday (7 h) and E's (5 h on each terminal) now count; nothing else changes.
      const street = await coverage(STREET);
      expect(street.region.urban).toMatchObject({ communityDays: 19, coveredDays: 9 });
      expect((await coverage('140902')).region.urban).toEqual(street.region.urban);
    });

    it('counts a resent or replayed interval once', async () => {
      await playTheWeek();
      const before = await coverage(STREET);
      // Sent again under new sequence numbers (a terminal database restored from a copy).
      await deliver('T-E1', [interval(WEEK[1]!, '08:30', '13:30')]);
      await deliver('T-E1', [interval(WEEK[1]!, '08:30', '13:30')]);
      expect((await coverage(STREET)).region).toEqual(before.region);
    });

    it('counts hours for the community the terminal is registered for, whatever it claims', async () => {
      await deliver('T-C', [interval(WEEK[0]!, '08:30', '17:30')]);
      expect((await coverage(C)).region.urban).toMatchObject({ coveredDays: 1, communityDays: 5 });
      // Its heartbeat claims another community: the register decides.
      await heartbeat('T-C', A);
      await deliver('T-C', [interval(WEEK[1]!, '08:30', '17:30')]);
      expect((await coverage(C)).region.urban).toMatchObject({ coveredDays: 2, communityDays: 5 });
      expect((await coverage(A)).region.urban.coveredDays).toBe(0);
    });

    it('places the hours of a terminal whose clock is hours off, either way, on the right day', async () => {
      await heartbeat('T-C', C);
      // Nine hours fast: its 17:30 record of the day says 02:30 the next morning.
      await deliver('T-C', [interval(WEEK[0]!, '08:30', '17:30')], undefined, 9 * 3_600_000);
      await deliver('T-C', [interval(WEEK[1]!, '08:30', '17:30')], undefined, -9 * 3_600_000);
      const report = await coverage(C);
      expect(report.region.urban).toMatchObject({ coveredDays: 2, communityDays: 5 });
    });

    it('refuses a period backwards, a day that does not exist and a region nobody configured', async () => {
      const ask = (query: string) => app.inject({ url: `/api/v1/coverage?${query}` });
      expect((await ask(`region=${STREET}&from=2026-11-08&to=2026-11-02`)).statusCode).toBe(400);
      expect((await ask(`region=${STREET}&from=2026-02-30&to=2026-03-02`)).json()).toMatchObject({
        error: 'bad-date',
      });
      expect((await ask('region=1501')).json()).toMatchObject({ error: 'unknown-region' });
      expect((await ask('region=150')).statusCode).toBe(400);
    });

    it('shows the indicator per region on the monitoring page', async () => {
      await playTheWeek();
      now = new Date(local('2026-11-09', '09:00'));
      const page = (await app.inject({ url: '/' })).body;
      expect(page).toContain('城市社区政务通用自助服务覆盖率');
      expect(page).toContain('忻府区');
      expect(page).toContain('10%（2022年）');
    });
  });
});
