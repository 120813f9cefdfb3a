import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '@bianmin/common/sqlite';
import { createOutbox, OUTBOX_MIGRATIONS, type Outbox } from '../outbox/index.js';
import { captureLogger, eventsNamed } from '@bianmin/common/testing';
import { snapshot } from '../testing/fixtures.js';
import { loadTerminalCredentials, memoryKeyStore } from '../terminal-identity/index.js';
import { createUploader, type Uploader } from './uploader.js';

/** A key that is not enrolled anywhere: the fake centre checks no signature. */
function unenrolledCredentials() {
  const loaded = loadTerminalCredentials({ terminalId: 'xz-xfl-001', store: memoryKeyStore() });
  if (!loaded.ok) throw new Error(loaded.error.detail);
  return loaded.value;
}

/**
 * Timing only: a fake fetch stands in for the centre so fake timers can step through
 * backoff and Retry-After. Delivery itself is tested against a real centre elsewhere.
 */
type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

function fakeCentre(script: (path: string, callNo: number) => Reply | 'refuse') {
  const calls: { path: string; at: number; body: Record<string, unknown> }[] = [];
  const fetchFn = (async (url: string | URL | Request, init?: RequestInit) => {
    const path = new URL(String(url)).pathname;
    const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
    calls.push({ path, at: Date.now(), body });
    const reply = script(path, calls.filter((c) => c.path === path).length);
    if (reply === 'refuse') {
      throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    }
    return new Response(JSON.stringify(reply.body ?? {}), {
      status: reply.status,
      headers: { 'content-type': 'application/json', ...reply.headers },
    });
  }) as typeof fetch;
  return { fetchFn, calls };
}

function openOutboxInMemory(): Database.Database {
  const opened = openDatabase(':memory:', { migrations: OUTBOX_MIGRATIONS });
  if (!opened.ok) throw new Error(opened.error.message);
  return opened.value;
}

const ackAll = (calls: { body: Record<string, unknown> }[]): Reply => {
  const events = calls.at(-1)!.body.events as { seq: number }[];
  return { status: 200, body: { ackedUpTo: events.at(-1)!.seq } };
};

describe('uploader scheduling', () => {
  let db: Database.Database;
  let outbox: Outbox;
  let uploader: Uploader | undefined;
  let log: ReturnType<typeof captureLogger>;

  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-03-02T02:00:00Z') });
    db = openOutboxInMemory();
    outbox = createOutbox(db);
    outbox.record({ type: 'staff.called', payload: { screen: 'home' } });
    log = captureLogger();
  });

  afterEach(async () => {
    await uploader?.stop();
    uploader = undefined;
    vi.useRealTimers();
    db.close();
  });

  const start = (fetchFn: typeof fetch, random: () => number, uploadIntervalMs = 10_000) => {
    uploader = createUploader({
      outbox,
      terminalId: 'xz-xfl-001',
      credentials: unenrolledCredentials(),
      centreUrl: 'http://centre.test/bianmin/',
      heartbeat: () => snapshot(),
      uploadIntervalMs,
      heartbeatIntervalMs: 60_000,
      logger: log.logger,
      fetch: fetchFn,
      random,
    });
    uploader.start();
    return uploader;
  };

  const uploadTimes = (calls: { path: string; at: number }[]) => {
    const t0 = Date.parse('2026-03-02T02:00:00Z');
    return calls.filter((c) => c.path.endsWith('/events')).map((c) => c.at - t0);
  };

  it('starts after a random delay and keeps the centre URL path prefix', async () => {
    const centre = fakeCentre((path) =>
      path.endsWith('/events') ? ackAll(centre.calls) : { status: 200, body: { serverTime: 'x' } },
    );
    start(centre.fetchFn, () => 0.5);
    await vi.advanceTimersByTimeAsync(2499);
    expect(centre.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    // min(interval, 5 s) * 0.5 for both timers
    expect(centre.calls.map((c) => c.path).sort()).toEqual([
      '/bianmin/api/v1/events',
      '/bianmin/api/v1/heartbeat',
    ]);
  });

  it('backs off exponentially with full jitter while the centre refuses', async () => {
    const centre = fakeCentre(() => 'refuse');
    start(centre.fetchFn, () => 0.5);
    await vi.advanceTimersByTimeAsync(200_000);
    // start 2.5 s, then waits of 0.5 * 10 s, 20 s, 40 s, 80 s
    expect(uploadTimes(centre.calls)).toEqual([2500, 7500, 17_500, 37_500, 77_500, 157_500]);
    expect(uploader!.status().consecutiveFailures).toBe(6);
    expect(eventsNamed(log.lines, 'sync.batch-failed')).toHaveLength(1);
  });

  it('caps the backoff at 5 minutes', async () => {
    const centre = fakeCentre(() => 'refuse');
    start(centre.fetchFn, () => 0.999_999, 60_000);
    await vi.advanceTimersByTimeAsync(3 * 3_600_000);
    const times = uploadTimes(centre.calls);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(300_000);
    expect(gaps.slice(-3)).toEqual([299_999, 299_999, 299_999]);
  });

  it('waits at least Retry-After on 503, then delivers', async () => {
    const centre = fakeCentre((path, n) => {
      if (!path.endsWith('/events')) return { status: 200, body: { serverTime: 'x' } };
      return n === 1
        ? {
            status: 503,
            body: { error: 'busy', message: 'ingest paused' },
            headers: { 'retry-after': '120' },
          }
        : ackAll(centre.calls);
    });
    start(centre.fetchFn, () => 0.1);
    await vi.advanceTimersByTimeAsync(500); // first attempt at 0.1 * 5 s
    expect(uploadTimes(centre.calls)).toEqual([500]);
    expect(eventsNamed(log.lines, 'sync.batch-failed')[0]).toMatchObject({
      kind: 'http',
      status: 503,
      detail: 'ingest paused',
    });
    await vi.advanceTimersByTimeAsync(119_999);
    expect(uploadTimes(centre.calls)).toEqual([500]); // jitter alone would have retried at 1.5 s
    await vi.advanceTimersByTimeAsync(1);
    expect(uploadTimes(centre.calls)).toEqual([500, 120_500]);
    expect(outbox.pendingCount()).toBe(0);
  });

  it('backs off normally on a 409 sequence conflict and acknowledges nothing', async () => {
    const centre = fakeCentre((path) =>
      path.endsWith('/events')
        ? {
            status: 409,
            // ackedUpTo is below the conflict; even a wrong one must not be acted on.
            body: {
              error: 'sequence-conflict',
              message: 'seq 1 conflicts',
              ackedUpTo: 1,
              conflictingSeqs: [1],
            },
            headers: { 'retry-after': '3600' },
          }
        : { status: 200, body: { serverTime: 'x' } },
    );
    start(centre.fetchFn, () => 0.5);
    await vi.advanceTimersByTimeAsync(40_000);
    expect(uploadTimes(centre.calls)).toEqual([2500, 7500, 17_500, 37_500]);
    expect(outbox.pendingCount()).toBe(1);
    expect(eventsNamed(log.lines, 'sync.batch-failed')).toEqual([
      expect.objectContaining({ kind: 'http', status: 409, detail: 'seq 1 conflicts' }),
    ]);
  });

  it('honours Retry-After on 429 as an HTTP date', async () => {
    const centre = fakeCentre((path, n) =>
      path.endsWith('/events') && n === 1
        ? { status: 429, headers: { 'retry-after': 'Mon, 02 Mar 2026 02:01:00 GMT' } }
        : path.endsWith('/events')
          ? ackAll(centre.calls)
          : { status: 200, body: { serverTime: 'x' } },
    );
    start(centre.fetchFn, () => 0);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(uploadTimes(centre.calls)).toEqual([0, 60_000]);
  });

  it('reads a Retry-After date by the clock of the reply, not its own wrong one', async () => {
    // The terminal's clock is two hours behind the centre's (no NTP yet): the centre's "at
    // 04:01" is a minute away, not two hours and a minute.
    const centre = fakeCentre((path, n) =>
      path.endsWith('/events') && n === 1
        ? {
            status: 429,
            headers: {
              'retry-after': 'Mon, 02 Mar 2026 04:01:00 GMT',
              'x-bianmin-server-time': String(Date.parse('2026-03-02T04:00:00Z')),
            },
          }
        : path.endsWith('/events')
          ? ackAll(centre.calls)
          : { status: 200, body: { serverTime: 'x' } },
    );
    start(centre.fetchFn, () => 0);
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(uploadTimes(centre.calls)).toEqual([0, 60_000]);
  });

  it('keeps heartbeats on their own steady cadence while uploads back off', async () => {
    const centre = fakeCentre((path) =>
      path.endsWith('/events') ? 'refuse' : { status: 200, body: { serverTime: 'x' } },
    );
    start(centre.fetchFn, () => 0.999, 60_000);
    await vi.advanceTimersByTimeAsync(300_000);
    const beats = centre.calls.filter((c) => c.path.endsWith('/heartbeat'));
    expect(beats.map((c) => c.at - beats[0]!.at)).toEqual([0, 60_000, 120_000, 180_000, 240_000]);
    expect(beats[0]!.body).toMatchObject({
      terminalId: 'xz-xfl-001',
      intervalSeconds: 60,
      outboxPending: 1,
    });
  });

  it('waits no longer than an hour for a heartbeat whatever Retry-After says', async () => {
    // A proxy asking for a week: the terminal would show offline at the centre all that time.
    const centre = fakeCentre((path, n) =>
      path.endsWith('/heartbeat') && n === 1
        ? { status: 503, headers: { 'retry-after': String(7 * 86_400) } }
        : path.endsWith('/events')
          ? ackAll(centre.calls)
          : { status: 200, body: { serverTime: 'x' } },
    );
    start(centre.fetchFn, () => 0, 60_000);
    await vi.advanceTimersByTimeAsync(3_600_000);
    const beats = centre.calls.filter((c) => c.path.endsWith('/heartbeat'));
    expect(beats.map((c) => c.at - beats[0]!.at)).toEqual([0, 3_600_000]);
  });

  it('treats an ack that does not move forward as a bad response, not a loop', async () => {
    outbox.acknowledge(1);
    outbox.record({ type: 'staff.called', payload: { screen: 'home' } });
    const centre = fakeCentre(() => ({ status: 200, body: { ackedUpTo: 1 } }));
    const up = start(centre.fetchFn, () => 0.5);
    const result = await up.uploadOnce();
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatchObject({ kind: 'bad-response' });
    expect(outbox.pendingCount()).toBe(1);
  });

  it('rejects a reply for another epoch', async () => {
    const centre = fakeCentre(() => ({ status: 200, body: { epoch: 'other', ackedUpTo: 1 } }));
    const up = start(centre.fetchFn, () => 0.5);
    const result = await up.uploadOnce();
    expect(!result.ok && result.error).toEqual({
      kind: 'bad-response',
      detail: `reply is for epoch other, not this outbox's ${outbox.epoch()}`,
    });
    expect(outbox.pendingCount()).toBe(1);
  });

  it('rejects a heartbeat reply whose position is for another epoch, rewinding nothing', async () => {
    outbox.acknowledge(1);
    const centre = fakeCentre(() => ({
      status: 200,
      body: { serverTime: '2026-03-02T02:00:00.000Z', delivery: { epoch: 'other', ackedUpTo: 0 } },
    }));
    const up = start(centre.fetchFn, () => 0.5);
    const result = await up.heartbeatOnce();
    expect(!result.ok && result.error).toMatchObject({ kind: 'bad-response' });
    expect(outbox.ackedUpTo()).toBe(1);
  });

  it('lets a batch reply, not an older heartbeat reply, decide when the marker moved meanwhile', async () => {
    outbox.acknowledge(1);
    outbox.record({ type: 'staff.called', payload: { screen: 'home' } });
    let releaseHeartbeat = () => {};
    const heartbeatHeld = new Promise<void>((resolve) => (releaseHeartbeat = resolve));
    const fetchFn = (async (url: string | URL | Request) => {
      if (String(url).endsWith('/heartbeat')) {
        await heartbeatHeld;
        // An older view than the batch reply below: taken before that batch arrived.
        return Response.json({
          serverTime: '2026-03-02T02:00:00.000Z',
          delivery: { epoch: outbox.epoch(), ackedUpTo: 0 },
        });
      }
      return Response.json({ epoch: outbox.epoch(), ackedUpTo: 2 });
    }) as typeof fetch;
    const up = start(fetchFn, () => 0.5);
    const beat = up.heartbeatOnce();
    expect(await up.uploadOnce()).toEqual({ ok: true, value: { sent: 1, ackedUpTo: 2 } });
    releaseHeartbeat();
    expect((await beat).ok).toBe(true);
    expect(outbox.ackedUpTo()).toBe(2);
    expect(eventsNamed(log.lines, 'sync.centre-behind')).toEqual([]);
  });

  it('rejects a reply without ackedUpTo', async () => {
    const centre = fakeCentre(() => ({ status: 200, body: { ok: true } }));
    const up = start(centre.fetchFn, () => 0.5);
    expect(await up.uploadOnce()).toEqual({
      ok: false,
      error: {
        kind: 'bad-response',
        detail: 'batch reply: the body must have required properties ackedUpTo',
      },
    });
  });

  it('sends one request when a timer tick, a nudge and a manual call coincide', async () => {
    const centre = fakeCentre((path) =>
      path.endsWith('/events') ? ackAll(centre.calls) : { status: 200, body: { serverTime: 'x' } },
    );
    const up = start(centre.fetchFn, () => 0);
    const [a, b] = await Promise.all([up.uploadOnce(), up.uploadOnce()]);
    expect(a).toEqual(b);
    expect(uploadTimes(centre.calls)).toHaveLength(1);
  });
});

describe('uploader faults', () => {
  it('survives a throwing heartbeat callback: logs once and keeps its cadence', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-02T02:00:00Z') });
    const db = openOutboxInMemory();
    const outbox = createOutbox(db);
    const log = captureLogger();
    const centre = fakeCentre(() => ({ status: 200, body: { serverTime: 'x' } }));
    let calls = 0;
    const uploader = createUploader({
      outbox,
      terminalId: 'xz-xfl-001',
      credentials: unenrolledCredentials(),
      centreUrl: 'http://centre.test',
      heartbeat: () => {
        calls += 1;
        throw new Error('device query failed');
      },
      uploadIntervalMs: 10_000,
      heartbeatIntervalMs: 10_000,
      logger: log.logger,
      fetch: centre.fetchFn,
      random: () => 0,
    });
    uploader.start();
    await vi.advanceTimersByTimeAsync(25_000);
    expect(calls).toBe(3);
    expect(eventsNamed(log.lines, 'sync.heartbeat-failed')).toEqual([
      expect.objectContaining({ kind: 'internal', detail: 'device query failed' }),
    ]);
    expect(uploader.status().consecutiveHeartbeatFailures).toBe(3);
    await uploader.stop();
    vi.useRealTimers();
    db.close();
  });
});
