import {
  EVENTS_PATH,
  MONITOR_COVERAGE_PATH,
  MONITOR_RATINGS_CSV_PATH,
  MONITOR_RATINGS_PATH,
  MONITOR_TERMINALS_PATH,
  MONITOR_USAGE_CSV_PATH,
  MONITOR_USAGE_PATH,
  type RatingLevel,
  type RatingSummary,
  type TerminalDays,
  type TerminalEvent,
  type UsageSummary,
} from '@bianmin/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCentralHarness, type CentralHarness } from '../../testing/central-harness.js';
import { SERVICES, batch, ticketEvent } from '../../testing/fixtures.js';
import {
  createAccount,
  getAs,
  login,
  regionalHeartbeat,
  sendHeartbeat,
} from '../../testing/monitoring-fixtures.js';
import { TEST_STORAGES } from '../../testing/test-stores.js';

const T0 = '2026-03-02T02:00:00.000Z'; // Monday 10:00 in Shanghai
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();
const YESTERDAY = '2026-03-01T03:00:00.000Z'; // 11:00 on Sunday 1 March in Shanghai

const rating = (seq: number, level: RatingLevel): TerminalEvent => ({
  seq,
  type: 'rating.submitted',
  createdAt: at(-5),
  payload: { serviceId: 'social-security', level, reasons: [], outcome: 'ticket-issued' },
});
const printer = (
  seq: number,
  minutes: number,
  state: 'no-paper' | 'ready' | 'paper-near-end',
): TerminalEvent => ({
  seq,
  type: 'device.status-changed',
  createdAt: at(minutes),
  payload: { device: 'printer', state },
});
const serviceTime = (
  seq: number,
  state: 'in-service' | 'device-fault',
  from: string,
  to: string,
): TerminalEvent => ({
  seq,
  type: 'service-time.recorded',
  createdAt: to,
  payload: { state, from, to },
});

/*
 * The fixture, counted by hand (docs/monitoring.md, "Usage and 好差评"):
 *   xz-1 (忻府区, community 001): on 2 March tickets 社保查询 x2 and 医保查询 x1, one
 *     application (residence-cert), one served at a counter (社保查询), one staff call,
 *     ratings 非常满意 and 满意, printer out of paper 09:40-09:50 and nearly out from 09:55;
 *     on 1 March one ticket 社保查询.
 *   xz-2 (忻府区, community 002): one ticket 社保查询, one rating 不满意.
 *   yc-1 (临猗县): three tickets 社保查询, one rating 非常满意.
 */
const XZ1: TerminalEvent[] = [
  ticketEvent(1, at(-60)),
  ticketEvent(2, at(-30)),
  ticketEvent(3, at(-25), SERVICES.medicalInsurance),
  ticketEvent(4, YESTERDAY),
  {
    seq: 5,
    type: 'application.submitted',
    createdAt: at(-15),
    payload: { serviceId: 'residence-cert', reference: 'SQ-20260302-0001', submittedAt: at(-15) },
  },
  {
    seq: 6,
    type: 'queue.done',
    createdAt: at(-10),
    payload: { ticketNumber: 'A001', serviceId: 'social-security', counter: 1, serviceMs: 60_000 },
  },
  { seq: 7, type: 'staff.called', createdAt: at(-8), payload: { screen: 'home' } },
  rating(8, 'very-satisfied'),
  rating(9, 'satisfied'),
  printer(10, -20, 'no-paper'),
  printer(11, -10, 'ready'),
  // 08:30-09:30 in service, 09:30-09:45 a device fault, by the terminal's own record.
  serviceTime(12, 'in-service', at(-90), at(-30)),
  serviceTime(13, 'device-fault', at(-30), at(-15)),
  printer(14, -5, 'paper-near-end'),
];

describe.each(TEST_STORAGES)('usage, 好差评 and terminal days on %s', (storage) => {
  let harness: CentralHarness;
  let xinzhou: string;
  let nation: string;

  beforeAll(async () => {
    harness = await startCentralHarness({ now: T0, storage });
    await sendHeartbeat(harness, regionalHeartbeat('xz-1', 'xinzhou', T0, { community: 1 }));
    await sendHeartbeat(harness, regionalHeartbeat('xz-2', 'xinzhou', T0, { community: 2 }));
    await sendHeartbeat(harness, regionalHeartbeat('yc-1', 'yuncheng', T0, { community: 1 }));
    const send = async (terminalId: string, events: TerminalEvent[]) => {
      const res = await harness.post(EVENTS_PATH, batch(terminalId, T0, events));
      expect(res.status, await res.clone().text()).toBe(200);
    };
    await send('xz-1', XZ1);
    await send('xz-2', [ticketEvent(1, at(-40)), rating(2, 'dissatisfied')]);
    await send('yc-1', [
      ticketEvent(1, at(-50)),
      ticketEvent(2, at(-45)),
      ticketEvent(3, at(-35)),
      rating(4, 'very-satisfied'),
    ]);
    // Two minutes on, a second heartbeat: xz-1 stays online.
    harness.setNow(at(2));
    await sendHeartbeat(harness, regionalHeartbeat('xz-1', 'xinzhou', at(2), { community: 1 }));
    await createAccount(harness, { user: 'xz-staff', role: 'viewer', region: '1409' });
    await createAccount(harness, { user: 'nation', role: 'admin', region: 'nation' });
    xinzhou = await login(harness, 'xz-staff');
    nation = await login(harness, 'nation');
  });
  afterAll(() => harness.close());

  const json = async <T>(cookie: string, path: string) => {
    const res = await getAs(harness, cookie, path);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as T;
  };

  it('counts usage per service in the units one level down, over local days', async () => {
    const usage = await json<UsageSummary>(xinzhou, MONITOR_USAGE_PATH);
    expect([usage.region, usage.childLevel, usage.from, usage.to]).toEqual([
      '1409',
      'county',
      '2026-02-01',
      '2026-03-02',
    ]);
    expect(usage.children.map((c) => [c.code, c.name])).toEqual([['140902', '忻府区']]);
    expect(usage.total).toEqual({
      code: '1409',
      name: '忻州市',
      counts: { tickets: 5, applications: 1, served: 1, noShows: 0, staffCalls: 1, ratings: 3 },
      services: [
        {
          serviceId: 'medical-insurance',
          serviceName: SERVICES.medicalInsurance.serviceName,
          tickets: 1,
          applications: 0,
          served: 0,
          noShows: 0,
        },
        {
          serviceId: 'residence-cert',
          serviceName: null,
          tickets: 0,
          applications: 1,
          served: 0,
          noShows: 0,
        },
        {
          serviceId: 'social-security',
          serviceName: SERVICES.socialSecurity.serviceName,
          tickets: 4,
          applications: 0,
          served: 1,
          noShows: 0,
        },
      ],
    });
    const sunday = await json<UsageSummary>(
      xinzhou,
      `${MONITOR_USAGE_PATH}?from=2026-03-01&to=2026-03-01`,
    );
    expect(sunday.total.counts.tickets).toBe(1);
    const street = await json<UsageSummary>(xinzhou, `${MONITOR_USAGE_PATH}?region=140902001`);
    expect(street.children.map((c) => [c.code, c.counts.tickets, c.counts.ratings])).toEqual([
      ['140902001001', 4, 2],
      ['140902001002', 1, 1],
    ]);
    const whole = await json<UsageSummary>(nation, MONITOR_USAGE_PATH);
    expect(whole.childLevel).toBe('province');
    expect(whole.total.counts.tickets).toBe(8);
  });

  it('gives the 好差评 distribution per unit', async () => {
    const ratings = await json<RatingSummary>(nation, `${MONITOR_RATINGS_PATH}?region=14`);
    expect(ratings.children.map((c) => [c.code, c.total, c.levels['very-satisfied']])).toEqual([
      ['1408', 1, 1],
      ['1409', 3, 1],
    ]);
    expect(ratings.total.levels).toEqual({
      'very-satisfied': 2,
      satisfied: 1,
      fair: 0,
      dissatisfied: 1,
      'very-dissatisfied': 0,
    });
    const own = await json<RatingSummary>(xinzhou, `${MONITOR_RATINGS_PATH}?region=140902001`);
    expect(own.children.map((c) => [c.name, c.levels.dissatisfied])).toEqual([
      ['第1社区居委会', 0],
      ['第2社区居委会', 1],
    ]);
  });

  it('refuses regions outside the account and periods that make no sense', async () => {
    for (const path of [
      MONITOR_USAGE_PATH,
      MONITOR_RATINGS_PATH,
      MONITOR_USAGE_CSV_PATH,
      MONITOR_COVERAGE_PATH,
    ]) {
      expect((await getAs(harness, xinzhou, `${path}?region=1408`)).status, path).toBe(403);
      expect((await harness.get(path)).status, path).toBe(401);
    }
    const backwards = await getAs(
      harness,
      xinzhou,
      `${MONITOR_USAGE_PATH}?from=2026-03-02&to=2026-03-01`,
    );
    expect(backwards.status).toBe(400);
    const tooLong = await getAs(
      harness,
      xinzhou,
      `${MONITOR_RATINGS_PATH}?from=2025-01-01&to=2026-03-01`,
    );
    expect(tooLong.status).toBe(400);
    // The coverage indicator too; this centre has no regions configured, so inside the account
    // the reporter's own answer comes back (coverage.test.ts has the figures).
    const coverage = async (cookie: string, query = '') => {
      const res = await getAs(harness, cookie, `${MONITOR_COVERAGE_PATH}${query}`);
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    expect(await coverage(xinzhou)).toMatchObject({
      status: 404,
      body: { error: 'unknown-region', message: expect.stringContaining('1409') },
    });
    expect((await coverage(xinzhou, '?region=140902')).body.message).toContain('140902');
    expect(await coverage(nation)).toMatchObject({
      status: 200,
      body: { region: { code: '', level: 'nation' } },
    });
    // A bad date is named where it was given.
    for (const [query, where] of [
      ['from=2026-02-30&to=2026-03-01', 'from'],
      ['from=2026-02-01&to=2026-02-30', 'to'],
    ] as const) {
      const bad = await getAs(harness, xinzhou, `${MONITOR_USAGE_PATH}?${query}`);
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ error: 'bad-date', where });
    }
  });

  it('exports both tables as CSV', async () => {
    const decode = async (res: Response) =>
      new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
    const usage = await decode(await getAs(harness, xinzhou, MONITOR_USAGE_CSV_PATH));
    // A byte-order mark first, for spreadsheet programs (trim would drop it).
    expect(usage.startsWith('\ufeff地区代码,')).toBe(true);
    const lines = usage.trim().split('\r\n');
    expect(lines[0]).toBe(
      '地区代码,地区,服务编号,服务名称,取号,申请,窗口办结,过号,呼叫工作人员,评价',
    );
    expect(lines).toContain('1409,忻州市,,全部服务,5,1,1,0,1,3');
    expect(lines).toContain('1409,忻州市,social-security,社保查询,4,0,1,0,,');
    const ratings = await decode(await getAs(harness, nation, MONITOR_RATINGS_CSV_PATH));
    expect(ratings.trim().split('\r\n')).toEqual([
      '地区代码,地区,非常满意,满意,基本满意,不满意,非常不满意,合计',
      '14,山西省,2,1,0,1,0,4',
      'nation,全国,2,1,0,1,0,4',
    ]);
  });

  it("shows a terminal's days as the centre saw them and as the terminal recorded them", async () => {
    const path = `${MONITOR_TERMINALS_PATH}/xz-1/days`;
    const days = await json<TerminalDays>(xinzhou, path);
    expect(days.days).toHaveLength(90);
    expect(days.days[0]?.day).toBe('2025-12-03');
    const today = days.days.at(-1)!;
    expect(today.day).toBe('2026-03-02');
    // Midnight to 10:00 before the first heartbeat, then two minutes online.
    expect(today.observed).toEqual({
      online: 120,
      degraded: 0,
      offline: 0,
      unknown: 36_000,
      closed: 0,
    });
    expect(today.reported).toEqual({
      inService: 3600,
      deviceFault: 900,
      closed: 0,
      off: 0,
      none: 36_120 - 4500,
    });
    expect(days.days.at(-2)?.observed.unknown).toBe(86_400);
    expect(days.days.at(-2)?.reported.none).toBe(86_400);
    expect(days.deviceChanges).toEqual([
      {
        at: at(-5),
        device: 'printer',
        state: 'paper-near-end',
        label: '打印机：纸将用尽',
        severity: 'warning',
      },
      { at: at(-10), device: 'printer', state: 'ready', label: '打印机：正常', severity: 'ok' },
      {
        at: at(-20),
        device: 'printer',
        state: 'no-paper',
        label: '打印机：缺纸',
        severity: 'fault',
      },
    ]);
    expect((await getAs(harness, xinzhou, `${MONITOR_TERMINALS_PATH}/yc-1/days`)).status).toBe(404);
    const csv = await (await getAs(harness, xinzhou, `${path}.csv`)).text();
    expect(csv.trim().split('\r\n').at(-1)).toBe('2026-03-02,0.03,0,0,10,0,1,0.25,0,0,8.78');
    const faults = await (
      await getAs(harness, xinzhou, `${MONITOR_TERMINALS_PATH}/xz-1/faults.csv`)
    ).text();
    expect(faults.trim().split('\r\n').slice(1)).toEqual([
      `${at(-5)},printer,打印机：纸将用尽,警告`,
      `${at(-10)},printer,打印机：正常,正常`,
      `${at(-20)},printer,打印机：缺纸,故障`,
    ]);
    expect(
      (await getAs(harness, xinzhou, `${MONITOR_TERMINALS_PATH}/yc-1/faults.csv`)).status,
    ).toBe(404);
  });
});
