import { createManualClock } from '@bianmin/common';
import type { CommunitiesConfig, RegionsConfig } from '@bianmin/config';
import {
  HEARTBEAT_PATH,
  type Presence,
  type PresenceHistory,
  type StoredDeviceStates,
  type TerminalOverview,
} from '@bianmin/contract';
import { describe, expect, it } from 'vitest';
import { enrolByInject } from '../../testing/enrol.js';
import { heartbeatBody } from '../../testing/fixtures.js';
import { TEST_STORAGES, openTestStores, type TestStorage } from '../../testing/test-stores.js';
import { buildCentralServer } from '../server.js';
import { OPEN_ALL_DAY, createServiceCalendar } from '../coverage/calendar.js';
import type { PresenceStore } from './presence-store.js';
import { createPresenceSweeper } from './sweeper.js';

const T1 = 'xz-xfl-001';
// Monday 2 March 2026, 16:00 in Shanghai.
const MONDAY_1600 = Date.parse('2026-03-02T08:00:00.000Z');
const MINUTE = 60_000;

const regions: RegionsConfig = {
  ...OPEN_ALL_DAY,
  serviceHours: [{ days: [1, 2, 3, 4, 5], open: '08:30', close: '17:30' }],
  holidays: ['2026-03-04'],
};
const communities: CommunitiesConfig = {
  communities: [{ code: '140902001001', name: '幸福里社区居委会', kind: 'urban' }],
};

async function centre(storage: TestStorage) {
  const opened = await openTestStores(storage);
  const { stores } = opened;
  const clock = createManualClock(MONDAY_1600);
  const now = () => new Date(clock.now());
  const app = buildCentralServer({ stores, now, clock, regions, communities });
  await app.ready();
  const post = await enrolByInject({ app, registry: stores.registry, terminalId: T1, now });
  const heartbeat = async () => {
    const res = await post(HEARTBEAT_PATH, heartbeatBody(T1, now().toISOString()));
    expect(res.statusCode).toBe(200);
  };
  const presence = async () =>
    (await app.inject({ url: '/api/v1/terminals' })).json<TerminalOverview[]>()[0]?.presence;
  const history = async () =>
    (await app.inject({ url: `/api/v1/terminals/${T1}/presence` }))
      .json<PresenceHistory>()
      .changes.map((c) => `${c.at.slice(11, 16)} ${c.presence}`)
      .reverse();
  const close = async () => {
    await app.close();
    await opened.close();
  };
  return { app, clock, heartbeat, presence, history, close };
}

describe.each(TEST_STORAGES)('the presence sweeper on %s', (storage) => {
  it('goes offline only after three missed heartbeats, recovers at once, never flaps', async () => {
    const c = await centre(storage);
    await c.heartbeat();
    // A heartbeat lost now and then (every other one here) changes nothing.
    for (let i = 0; i < 5; i++) {
      await c.clock.advance(2 * MINUTE);
      await c.heartbeat();
    }
    expect(await c.presence()).toBe('online');
    await c.clock.advance(3 * MINUTE + 29_000);
    expect(await c.presence()).toBe('online');
    await c.clock.advance(2_000);
    expect(await c.presence()).toBe('offline');
    await c.heartbeat();
    expect(await c.presence()).toBe('online');
    // 08:00Z is 16:00 local; offline is dated when the third missed heartbeat fell due.
    expect(await c.history()).toEqual(['08:00 online', '08:13 offline', '08:13 online']);
    const limited = await c.app.inject({ url: `/api/v1/terminals/${T1}/presence?limit=2` });
    expect(limited.json<PresenceHistory>().changes).toHaveLength(2);
    const zero = await c.app.inject({ url: `/api/v1/terminals/${T1}/presence?limit=0` });
    expect(zero.statusCode).toBe(400);
    await c.close();
  });

  it('sweeps on its own timer, so history is kept even when nobody looks', async () => {
    const c = await centre(storage);
    await c.heartbeat();
    await c.clock.advance(10 * MINUTE);
    const before = await c.history();
    expect(before).toEqual(['08:00 online', '08:03 offline']);
    await c.close();
  });
});

// SQLite only: the exact times below come from the timer's sweeps every 10 s across hours of
// manual clock, and the manual clock lets a run's promises settle only when they need no
// real I/O; on PostgreSQL each run outlives its tick. The store's part runs on both above.
describe('the presence sweeper over service hours', () => {
  it('shows closed, not offline, after hours and on a holiday, and offline when hours begin', async () => {
    const c = await centre('sqlite');
    await c.heartbeat();
    await c.clock.advance(60 * MINUTE); // 17:00 local, silent since 16:00
    expect(await c.presence()).toBe('offline');
    await c.clock.advance(31 * MINUTE); // 17:31
    expect(await c.presence()).toBe('closed');
    await c.clock.advance(15 * 60 * MINUTE); // Tuesday 08:31
    expect(await c.presence()).toBe('offline');
    await c.heartbeat();
    await c.clock.advance(24 * 60 * MINUTE); // Wednesday 08:31, a holiday
    await c.heartbeat();
    expect(await c.presence()).toBe('closed');
    // Silent through Tuesday: offline in its hours, closed after them and all the holiday.
    expect(await c.history()).toEqual([
      '08:00 online',
      '08:03 offline',
      '09:30 closed',
      '00:30 offline',
      '00:31 online',
      '00:34 offline',
      '09:30 closed',
    ]);
    await c.close();
  });
});

describe('what a sweep reads', () => {
  // A store in memory that records which terminals each read asked for.
  const fakeStore = (lastSeen: Record<string, number>) => {
    const current = new Map<string, { presence: Presence; since: string }>();
    const reads: (string | 'all')[] = [];
    const currentReads: string[][] = [];
    const subject = (id: string) => ({
      terminalId: id,
      communityCode: null,
      input: {
        lastSeenAt: new Date(lastSeen[id]!).toISOString(),
        intervalSeconds: 60,
        devices: { idCardReader: 'ready', printer: 'ready' } as StoredDeviceStates,
      },
    });
    const store: PresenceStore = {
      subjects: async (id) => {
        reads.push(id);
        return [subject(id)];
      },
      current: async (ids) => {
        currentReads.push([...ids]);
        return new Map([...current].filter(([key]) => ids.includes(key)));
      },
      // Pages of two, so a sweep of the three terminals reads two pages.
      page: async (after, limit) => {
        if (after === null) reads.push('all');
        const ids = Object.keys(lastSeen)
          .sort()
          .filter((id) => after === null || id > after)
          .slice(0, Math.min(limit, 2));
        return {
          subjects: ids.map(subject),
          current: new Map([...current].filter(([key]) => ids.includes(key))),
        };
      },
      apply: async (changes) => {
        for (const c of changes) current.set(c.terminalId, { presence: c.presence, since: c.at });
        return changes.length;
      },
      history: async () => [],
    };
    return { store, reads, currentReads, current };
  };

  it('reads every terminal first, then only those whose missed heartbeats fell due', async () => {
    const t0 = MONDAY_1600;
    const { store, reads, current } = fakeStore({ a: t0, b: t0 + 60_000, c: t0 + 120_000 });
    let nowMs = t0 + 120_000;
    const sweeper = createPresenceSweeper({
      store,
      calendar: createServiceCalendar(OPEN_ALL_DAY, []),
      missedHeartbeats: 3,
      timeZone: 'Asia/Shanghai',
      now: () => new Date(nowMs),
      intervalMs: 10_000,
      fullSweepMs: 600_000,
      onError: (error) => {
        throw error;
      },
    });
    expect(await sweeper.sweep()).toBe(3); // unknown → online, all three
    expect(reads).toEqual(['all']);
    reads.length = 0;
    // a falls due 3.5 minutes after its heartbeat; b and c not yet.
    nowMs = t0 + 3.5 * 60_000 + 1_000;
    expect(await sweeper.sweep()).toBe(1);
    expect(reads).toEqual(['a']);
    expect(current.get('a')).toEqual({ presence: 'offline', since: '2026-03-02T08:03:30.000Z' });
    reads.length = 0;
    expect(await sweeper.fresh()).toBe(0); // nothing due: a read costs no sweep
    expect(reads).toEqual([]);
    nowMs = t0 + 600_000 + 120_000;
    await sweeper.sweep();
    expect(reads).toEqual(['all']);
    expect([...current.values()].map((r) => r.presence)).toEqual(['offline', 'offline', 'offline']);
  });

  it('decides heartbeats observed while it is busy together, with one read', async () => {
    const t0 = MONDAY_1600;
    const { store, reads, currentReads, current } = fakeStore({ a: t0, b: t0, c: t0 });
    const sweeper = createPresenceSweeper({
      store,
      calendar: createServiceCalendar(OPEN_ALL_DAY, []),
      missedHeartbeats: 3,
      timeZone: 'Asia/Shanghai',
      now: () => new Date(t0),
      intervalMs: 10_000,
      onError: (error) => {
        throw error;
      },
    });
    const seen = (id: string) => ({
      terminalId: id,
      communityCode: null,
      input: {
        lastSeenAt: new Date(t0).toISOString(),
        intervalSeconds: 60,
        devices: { idCardReader: 'ready', printer: 'ready' } as StoredDeviceStates,
      },
    });
    const sweeping = sweeper.sweep();
    const decided = await Promise.all([
      sweeper.observe(seen('a')),
      sweeper.observe(seen('b')),
      sweeper.observe(seen('c')),
    ]);
    expect(await sweeping).toBe(3);
    // The sweep made all three online; the three heartbeats then changed nothing, in one go.
    expect(decided).toEqual([0, 0, 0]);
    expect(currentReads).toEqual([['a', 'b', 'c']]);
    expect(reads).toEqual(['all']);
    expect([...current.values()].map((r) => r.presence)).toEqual(['online', 'online', 'online']);
  });
});
