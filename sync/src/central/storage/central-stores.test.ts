import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SERVICES, batch, heartbeatBody, ticketEvent } from '../../testing/fixtures.js';
import { TEST_STORAGES, openTestStores, type TestStores } from '../../testing/test-stores.js';
import { planRollup } from '../monitoring/usage-rollup.js';
import type { CentralStores } from './central-stores.js';

const T1 = 'xz-xfl-001';
const T2 = 'xz-xfl-002';
const NOW = new Date('2026-03-02T02:00:00.000Z'); // Monday 10:00 in Shanghai
const ZONE = 'Asia/Shanghai';
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000).toISOString();

/**
 * The stores every centre route reads and writes, held to one contract on both databases:
 * what the server-level suites (coverage, monitoring, accounts, presence) cannot see.
 */
describe.each(TEST_STORAGES)('the centre stores on %s', (storage) => {
  let opened: TestStores;
  let stores: CentralStores;
  beforeEach(async () => {
    opened = await openTestStores(storage);
    stores = opened.stores;
  });
  afterEach(() => opened.close());

  it('keep the latest heartbeat per terminal and the community it named', async () => {
    expect(await stores.heartbeats.seenCommunity(T1)).toBeNull();
    await stores.heartbeats.record(heartbeatBody(T1, at(-1)), NOW);
    const moved = heartbeatBody(T1, at(0), { name: '新名字', devices: { printer: 'no-paper' } });
    moved.terminal.community.code = '140902001002';
    await stores.heartbeats.record(moved, new Date(at(1)));
    expect(await stores.heartbeats.seenCommunity(T1)).toBe('140902001002');
    const [subject] = await stores.presence.subjects(T1);
    expect(subject).toEqual({
      terminalId: T1,
      communityCode: '140902001002',
      input: { lastSeenAt: at(1), intervalSeconds: 60, devices: { printer: 'no-paper' } },
    });
  });

  it("list terminals in area order with today's tickets, a renamed service by its latest name", async () => {
    // T2 has sent events but no heartbeat yet: no area, so it comes first on both databases.
    await stores.events.ingest(
      batch(T2, at(0), [ticketEvent(1, at(-5)), ticketEvent(2, at(-4), SERVICES.medicalInsurance)]),
      NOW,
    );
    await stores.heartbeats.record(heartbeatBody(T1, at(0)), NOW);
    const renamed = { ...SERVICES.socialSecurity, serviceName: '社保查询（新）' };
    await stores.events.ingest(
      batch(T1, at(0), [
        ticketEvent(1, at(-30)),
        ticketEvent(2, at(-20), renamed),
        // Yesterday in Shanghai: not today's.
        ticketEvent(3, '2026-03-01T15:59:00.000Z'),
      ]),
      NOW,
    );
    await stores.presence.apply([
      { terminalId: T1, at: at(0), presence: 'online', previous: null },
    ]);
    const overview = await stores.overview(NOW, ZONE);
    expect(overview.map((t) => [t.terminalId, t.presence, t.today.total])).toEqual([
      [T2, 'unknown', 2],
      [T1, 'online', 2],
    ]);
    expect(overview[1]).toMatchObject({
      lastSeenAt: NOW.toISOString(),
      community: { code: '140902001001' },
      region: { county: { code: '140902' } },
      devices: { idCardReader: 'ready', printer: 'ready' },
      today: {
        ticketsByService: [
          { serviceId: 'social-security', serviceName: '社保查询（新）', count: 2 },
        ],
      },
    });
    expect(overview[0]?.today.ticketsByService.map((s) => s.serviceId)).toEqual([
      'medical-insurance',
      'social-security',
    ]);
  });

  it('write a presence change only from the presence it starts from', async () => {
    const online = { terminalId: T1, at: at(0), presence: 'online' as const, previous: null };
    // Two instances deciding the same first change: one writes it.
    expect(await stores.presence.apply([online])).toBe(1);
    expect(await stores.presence.apply([online])).toBe(0);
    const offline = {
      terminalId: T1,
      at: at(3),
      presence: 'offline' as const,
      previous: 'online' as const,
    };
    expect(await stores.presence.apply([offline, offline])).toBe(1);
    // Decided from a presence already gone: skipped.
    expect(
      await stores.presence.apply([
        { terminalId: T1, at: at(4), presence: 'closed', previous: 'online' },
      ]),
    ).toBe(0);
    expect(await stores.presence.current([T1])).toEqual(
      new Map([[T1, { presence: 'offline', since: at(3) }]]),
    );
    expect(await stores.presence.history(T1, 10)).toEqual([
      { at: at(3), presence: 'offline', previous: 'online' },
      { at: at(0), presence: 'online', previous: null },
    ]);
    expect(await stores.presence.history(T1, 1)).toHaveLength(1);
  });

  it('page through every terminal in id order with the presence decided for each', async () => {
    const T3 = 'xz-xfl-003';
    for (const id of [T3, T1, T2]) await stores.heartbeats.record(heartbeatBody(id, at(0)), NOW);
    await stores.presence.apply([
      { terminalId: T2, at: at(0), presence: 'online', previous: null },
      { terminalId: T3, at: at(1), presence: 'degraded', previous: null },
    ]);
    const first = await stores.presence.page(null, 2);
    expect(first.subjects.map((s) => s.terminalId)).toEqual([T1, T2]);
    expect(first.subjects[0]!.input.lastSeenAt).toBe(NOW.toISOString());
    expect(first.current).toEqual(new Map([[T2, { presence: 'online', since: at(0) }]]));
    const second = await stores.presence.page(T2, 2);
    expect(second.subjects.map((s) => s.terminalId)).toEqual([T3]);
    expect(second.current).toEqual(new Map([[T3, { presence: 'degraded', since: at(1) }]]));
    expect((await stores.presence.page(T3, 2)).subjects).toEqual([]);
  });

  it('count login failures in the database and make the cookie secret once', async () => {
    const lockFor = (failures: number) => (failures >= 2 ? new Date(at(failures)) : null);
    await Promise.all([
      stores.accounts.recordFailure('xz-staff', lockFor),
      stores.accounts.recordFailure('xz-staff', lockFor),
    ]);
    expect(await stores.accounts.failures('xz-staff')).toEqual({ failures: 2, lockedUntil: at(2) });
    await stores.accounts.clearFailures('xz-staff');
    expect(await stores.accounts.failures('xz-staff')).toEqual({ failures: 0, lockedUntil: null });
    const first = await stores.accounts.cookieSecret(() => 'first');
    expect(await stores.accounts.cookieSecret(() => 'second')).toBe(first);
  });
});

describe.each(TEST_STORAGES)('the usage rollup on %s', (storage) => {
  let opened: TestStores;
  let stores: CentralStores;
  beforeEach(async () => {
    opened = await openTestStores(storage);
    stores = opened.stores;
  });
  afterEach(() => opened.close());

  /** One pass through the pending deliveries, as the rollup runs it; resolves to its chunks. */
  const rollUpAll = async (limits: { deliveries: number; eventsPerDelivery: number }) => {
    let chunks = 0;
    let after = null;
    for (;;) {
      const chunk = await stores.monitoring.rollUpUsage(limits, after, (d, e) =>
        planRollup(d, e, ZONE),
      );
      if (chunk.deliveries === 0) return chunks;
      chunks += 1;
      after = chunk.last;
    }
  };

  it('counts each delivered event once, in chunks, and only once its community is known', async () => {
    // T2's events arrive before any heartbeat: no community yet, so they wait.
    await stores.events.ingest(batch(T2, at(0), [ticketEvent(1, at(-5))]), NOW);
    await stores.heartbeats.record(heartbeatBody(T1, at(0)), NOW);
    await stores.events.ingest(
      batch(T1, at(0), [
        ticketEvent(1, at(-30)),
        ticketEvent(2, at(-20), SERVICES.medicalInsurance),
        ticketEvent(3, at(-10)),
      ]),
      NOW,
    );
    // One event per delivery and pass: T1 takes three passes, T2 none; then nothing is left.
    const passes = [];
    for (let i = 0; i < 4; i++)
      passes.push(await rollUpAll({ deliveries: 5, eventsPerDelivery: 1 }));
    expect(passes).toEqual([1, 1, 1, 0]);
    const tickets = (rows: { kind: string; key: string; n: number }[]) =>
      rows.filter((r) => r.kind === 'tickets').map((r) => [r.key, r.n]);
    const community = await stores.monitoring.usageCounts(12, '1409', '2026-03-02', '2026-03-02');
    expect(tickets(community)).toEqual([
      ['medical-insurance', 1],
      ['social-security', 2],
    ]);
    expect(await stores.monitoring.usageCounts(9, '', '2026-03-03', '2026-03-09')).toEqual([]);

    await stores.heartbeats.record(heartbeatBody(T2, at(0)), NOW);
    await stores.events.ingest(batch(T2, at(1), [ticketEvent(2, at(-1))]), NOW);
    expect(await rollUpAll({ deliveries: 1, eventsPerDelivery: 100 })).toBe(1);
    const province = await stores.monitoring.usageCounts(2, '', '2026-03-02', '2026-03-02');
    expect(tickets(province)).toEqual([
      ['medical-insurance', 1],
      ['social-security', 4],
    ]);
    expect(await stores.monitoring.unitNames(['14', '140902001001', '99'])).toEqual(
      new Map([['140902001001', '幸福里社区居委会']]),
    );
    expect(await stores.monitoring.serviceNames(['social-security'])).toEqual(
      new Map([['social-security', '社保查询']]),
    );
  });
});
