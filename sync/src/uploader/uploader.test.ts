import { connect, createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createManualClock, type EventLogger } from '@bianmin/common';
import { openDatabase } from '@bianmin/common/sqlite';
import { createOutbox, OUTBOX_MIGRATIONS, type Outbox } from '../outbox/index.js';
import { startCentralHarness, type CentralHarness } from '../testing/central-harness.js';
import { SERVICES, snapshot } from '../testing/fixtures.js';
import {
  captureLogger,
  eventsNamed,
  makeTempDir,
  openNetworkSwitch,
  type NetworkSwitch,
} from '@bianmin/common/testing';
import type { TerminalOverview } from '@bianmin/contract';
import type { TerminalCredentials } from '../terminal-identity/index.js';
import { createUploader, type Uploader, type UploaderOptions } from './uploader.js';

const TERMINAL = 'xz-xfl-001';
const NOW = '2026-03-02T02:00:00.000Z';

function openOutboxFile(file: string): Database.Database {
  const opened = openDatabase(file, { migrations: OUTBOX_MIGRATIONS });
  if (!opened.ok) throw new Error(opened.error.message);
  return opened.value;
}

describe('uploader against a real centre', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let db: Database.Database;
  let outbox: Outbox;
  let centre: CentralHarness | undefined;
  let uploader: Uploader | undefined;
  let link: NetworkSwitch | undefined;
  let log: ReturnType<typeof captureLogger>;
  let credentials: TerminalCredentials;

  const startCentre = async (extra: { logger?: EventLogger } = {}) => {
    const started = await startCentralHarness({ now: NOW, ...extra });
    credentials = await started.enrolTerminal(TERMINAL);
    return started;
  };

  beforeEach(() => {
    dir = makeTempDir();
    db = openOutboxFile(join(dir.path, 'agent.sqlite'));
    outbox = createOutbox(db, { now: () => new Date('2026-03-02T01:30:00.000Z') });
    log = captureLogger();
  });

  afterEach(async () => {
    await uploader?.stop();
    uploader = undefined;
    await centre?.close();
    centre = undefined;
    await link?.close();
    link = undefined;
    db.close();
    dir.remove();
  });

  const issueTickets = (n: number) => {
    for (let i = 0; i < n; i++) {
      db.transaction(() =>
        outbox.append({
          type: 'ticket.issued',
          payload: {
            ...(i % 2 === 0 ? SERVICES.socialSecurity : SERVICES.medicalInsurance),
            ticketNumber: `A${String(i + 1).padStart(3, '0')}`,
            priority: false,
            durationMs: 30_000,
          },
        }),
      )();
    }
  };

  const makeUploader = (centreUrl: string, overrides: Partial<UploaderOptions> = {}) =>
    (uploader = createUploader({
      outbox,
      terminalId: TERMINAL,
      credentials,
      centreUrl,
      heartbeat: () => snapshot(),
      uploadIntervalMs: 50,
      heartbeatIntervalMs: 50,
      logger: log.logger,
      now: () => new Date('2026-03-02T01:59:00.000Z'),
      requestTimeoutMs: 2000,
      ...overrides,
    }));

  const overview = async (): Promise<TerminalOverview | undefined> => {
    const list = (await (await centre!.get('/api/v1/terminals')).json()) as TerminalOverview[];
    return list.find((t) => t.terminalId === TERMINAL);
  };

  it('delivers appended events and moves the ack marker', async () => {
    centre = await startCentre();
    issueTickets(3);
    const result = await makeUploader(centre.url).uploadOnce();
    expect(result).toEqual({ ok: true, value: { sent: 3, ackedUpTo: 3 } });
    expect(outbox.pendingCount()).toBe(0);
    expect((await overview())?.today.total).toBe(3);
    expect(eventsNamed(log.lines, 'sync.batch-sent')[0]).toMatchObject({ sent: 3, ackedUpTo: 3 });
    expect(uploader!.status()).toMatchObject({ consecutiveFailures: 0, pending: 0 });
    expect(uploader!.status().lastUploadOkAt).not.toBeNull();
  });

  it('does nothing when nothing is pending', async () => {
    centre = await startCentre();
    expect(await makeUploader(centre.url).uploadOnce()).toEqual({
      ok: true,
      value: { sent: 0, ackedUpTo: 0 },
    });
  });

  it('keeps events while the centre is down and delivers them once it is up', async () => {
    link = await openNetworkSwitch();
    centre = await startCentre(); // unreachable until the link connects
    issueTickets(4);
    const up = makeUploader(link.url);

    const down = await up.uploadOnce();
    expect(down).toEqual({ ok: false, error: { kind: 'network', detail: 'ECONNRESET' } });
    await up.uploadOnce();
    expect(outbox.pendingCount()).toBe(4);
    expect(up.status().consecutiveFailures).toBe(2);
    expect(eventsNamed(log.lines, 'sync.batch-failed')).toHaveLength(1); // coalesced

    link.connectTo(Number(new URL(centre.url).port));
    expect(await up.uploadOnce()).toEqual({ ok: true, value: { sent: 4, ackedUpTo: 4 } });
    expect(outbox.pendingCount()).toBe(0);
    expect((await overview())?.today.total).toBe(4);
    expect(eventsNamed(log.lines, 'sync.batch-sent')[0]).toMatchObject({ afterFailures: 2 });
  });

  it('counts events once when an ack was lost and they are sent again', async () => {
    centre = await startCentre();
    issueTickets(2);
    const up = makeUploader(centre.url);
    await up.uploadOnce();
    db.prepare('UPDATE outbox_ack SET acked_up_to = 0').run(); // the reply never arrived
    expect(outbox.pendingCount()).toBe(2);

    expect(await up.uploadOnce()).toEqual({ ok: true, value: { sent: 2, ackedUpTo: 2 } });
    expect((await overview())?.today).toEqual({
      ticketsByService: [
        { ...SERVICES.medicalInsurance, count: 1 },
        { ...SERVICES.socialSecurity, count: 1 },
      ],
      total: 2,
    });
  });

  it('delivers a service time measured across a clock step forward, and the events after it', async () => {
    centre = await startCentre();
    // Served from 09:00 by a clock that NTP then moved three days on: the centre refuses a
    // duration over a day, and every event behind a refused one would wait for ever.
    outbox.record({
      type: 'queue.done',
      payload: {
        ticketNumber: 'A001',
        serviceId: 'social-security',
        counter: 1,
        serviceMs: 3 * 86_400_000,
      },
    });
    issueTickets(2);
    expect(await makeUploader(centre.url).uploadOnce()).toEqual({
      ok: true,
      value: { sent: 3, ackedUpTo: 3 },
    });
    expect(outbox.pendingCount()).toBe(0);
  });

  /** Replaces the terminal's database with a new file, as after a lost disk. */
  const replaceDatabase = (name: string, epoch?: string) => {
    db.close();
    db = openOutboxFile(join(dir.path, name));
    if (epoch !== undefined) db.prepare('UPDATE outbox_meta SET epoch = ?').run(epoch);
    outbox = createOutbox(db, { now: () => new Date('2026-03-02T01:45:00.000Z') });
  };

  it('starts a new epoch with a new database: the centre counts its seq 1 as a new event', async () => {
    centre = await startCentre();
    issueTickets(2);
    const before = outbox.epoch();
    expect((await makeUploader(centre.url).uploadOnce()).ok).toBe(true);

    replaceDatabase('agent-new.sqlite');
    expect(outbox.epoch()).not.toBe(before);
    issueTickets(1);
    expect(await makeUploader(centre.url).uploadOnce()).toEqual({
      ok: true,
      value: { sent: 1, ackedUpTo: 1 },
    });
    expect((await overview())?.today.total).toBe(3);
    const positions = centre.db
      .prepare('SELECT epoch, acked_up_to AS ackedUpTo FROM delivery_positions')
      .all();
    expect(positions).toHaveLength(2);
    expect(positions).toEqual(
      expect.arrayContaining([
        { epoch: before, ackedUpTo: 2 },
        { epoch: outbox.epoch(), ackedUpTo: 1 },
      ]),
    );
  });

  it('keeps events the centre refuses as a sequence conflict (a seq reused within an epoch)', async () => {
    centre = await startCentre();
    issueTickets(2);
    expect((await makeUploader(centre.url).uploadOnce()).ok).toBe(true);

    // A file restored from a copy older than its last upload: seqs repeat in the same epoch,
    // and seq 1 is now a different ticket.
    replaceDatabase('agent-copy.sqlite', outbox.epoch());
    issueTickets(1);
    const up = makeUploader(centre.url);

    const result = await up.uploadOnce();
    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'http',
        status: 409,
        code: 'sequence-conflict',
        detail: expect.stringMatching(/seq 1\b.*outbox sequence restarted/) as unknown,
      },
    });
    await up.uploadOnce();
    expect(outbox.pendingCount()).toBe(1);
    expect(outbox.ackedUpTo()).toBe(0);
    expect(up.status().consecutiveFailures).toBe(2);
    expect(eventsNamed(log.lines, 'sync.batch-failed')).toEqual([
      expect.objectContaining({ kind: 'http', status: 409, pending: 1 }),
    ]);
    expect((await overview())?.today.total).toBe(2);
  });

  /** As a centre restored from a backup taken when it held only seqs 1..upTo. */
  const restoreCentreTo = (upTo: number) => {
    centre!.db.prepare('DELETE FROM events WHERE seq > ?').run(upTo);
    centre!.db.prepare('UPDATE delivery_positions SET acked_up_to = ?').run(upTo);
  };

  it('resends from a restored centre position that a batch reply reveals, then settles', async () => {
    centre = await startCentre();
    issueTickets(3);
    const up = makeUploader(centre.url);
    expect((await up.uploadOnce()).ok).toBe(true);
    restoreCentreTo(1);
    issueTickets(1);

    expect(await up.uploadOnce()).toEqual({ ok: true, value: { sent: 1, ackedUpTo: 1 } });
    expect(eventsNamed(log.lines, 'sync.centre-behind')).toEqual([
      expect.objectContaining({ centreAckedUpTo: 1, acknowledgedBefore: 3, resendFrom: 2 }),
    ]);
    expect(await up.uploadOnce()).toEqual({ ok: true, value: { sent: 3, ackedUpTo: 4 } });
    expect(await up.uploadOnce()).toEqual({ ok: true, value: { sent: 0, ackedUpTo: 4 } });
    expect((await overview())?.today.total).toBe(4);
  });

  it('resends from a restored centre position that a heartbeat reveals, with nothing pending', async () => {
    centre = await startCentre();
    issueTickets(3);
    const up = makeUploader(centre.url);
    expect((await up.uploadOnce()).ok).toBe(true);
    expect((await up.heartbeatOnce()).ok).toBe(true);
    expect(outbox.pendingCount()).toBe(0);
    restoreCentreTo(0);

    expect((await up.heartbeatOnce()).ok).toBe(true);
    expect(outbox.pendingCount()).toBe(3);
    expect(await up.uploadOnce()).toEqual({ ok: true, value: { sent: 3, ackedUpTo: 3 } });
    expect((await overview())?.today.total).toBe(3);
    // Settled: the next heartbeat finds the centre where the terminal is.
    expect((await up.heartbeatOnce()).ok).toBe(true);
    expect(outbox.pendingCount()).toBe(0);
    expect(eventsNamed(log.lines, 'sync.centre-behind')).toHaveLength(1);
  });

  it('tells a restored centre which events it can no longer have, so delivery goes on', async () => {
    centre = await startCentre({ logger: log.logger });
    let now = new Date('2026-03-02T01:30:00.000Z');
    outbox = createOutbox(db, { now: () => now });
    issueTickets(3);
    const up = makeUploader(centre.url);
    expect((await up.uploadOnce()).ok).toBe(true);
    now = new Date('2026-04-10T01:30:00.000Z');
    expect(outbox.prune(30)).toBe(3);
    restoreCentreTo(0);

    expect((await up.heartbeatOnce()).ok).toBe(true);
    expect(outbox.pendingCount()).toBe(0); // nothing left to resend
    issueTickets(1);
    expect(await up.uploadOnce()).toEqual({ ok: true, value: { sent: 1, ackedUpTo: 4 } });
    expect(eventsNamed(log.lines, 'central.events-lost')).toEqual([
      expect.objectContaining({ terminalId: TERMINAL, lost: 3 }),
    ]);
    expect(eventsNamed(log.lines, 'sync.centre-behind')).toEqual([]);
  });

  it('makes the terminal online with a heartbeat, sending only whitelisted fields', async () => {
    centre = await startCentre();
    issueTickets(1);
    const configLike = {
      ...snapshot('幸福里社区 1 号机', { idCardReader: 'ready', printer: 'no-paper' }),
      ports: { printer: '/dev/ttyUSB0' },
    };
    const up = makeUploader(centre.url, { heartbeat: () => configLike });
    expect(await overview()).toBeUndefined();

    expect(await up.heartbeatOnce()).toEqual({ ok: true, value: undefined });
    expect(await overview()).toMatchObject({
      presence: 'degraded',
      name: '幸福里社区 1 号机',
      outboxPending: 1,
    });
    expect(up.status().lastHeartbeatOkAt).not.toBeNull();
  });

  it('logs heartbeat failure once per outage and its restoration once', async () => {
    link = await openNetworkSwitch();
    centre = await startCentre(); // unreachable until the link connects
    const up = makeUploader(link.url);
    expect((await up.heartbeatOnce()).ok).toBe(false);
    expect((await up.heartbeatOnce()).ok).toBe(false);
    link.connectTo(Number(new URL(centre.url).port));
    expect((await up.heartbeatOnce()).ok).toBe(true);
    expect((await up.heartbeatOnce()).ok).toBe(true);
    expect(eventsNamed(log.lines, 'sync.heartbeat-failed')).toHaveLength(1);
    expect(eventsNamed(log.lines, 'sync.heartbeat-restored')).toEqual([
      expect.objectContaining({ failures: 2 }),
    ]);
    expect((await overview())?.presence).toBe('online');
  });

  // The loops run on a manual clock: time moves only when a test advances it, while the
  // requests themselves are real. advance(0) fires whatever is due now.
  it('drains a backlog larger than one batch after start, with heartbeats alongside', async () => {
    centre = await startCentre();
    issueTickets(250);
    const clock = createManualClock();
    const up = makeUploader(centre.url, {
      batchSize: 100,
      uploadIntervalMs: 60_000,
      random: () => 0,
      clock,
    });
    up.start();
    // Each batch is followed at once by the next: no time passes between them.
    await vi.waitFor(async () => {
      await clock.advance(0);
      expect(outbox.pendingCount()).toBe(0);
    });
    await vi.waitFor(async () => expect((await overview())?.presence).toBe('online'));
    expect(clock.now()).toBe(0);
    expect((await overview())?.today.total).toBe(250);
    expect(eventsNamed(log.lines, 'sync.batch-sent').map((l) => l.sent)).toEqual([100, 100, 50]);
  });

  it('uploads 250 ms after a nudge instead of waiting for the interval', async () => {
    centre = await startCentre();
    const clock = createManualClock();
    const up = makeUploader(centre.url, { uploadIntervalMs: 60_000, random: () => 0, clock });
    up.start();
    await clock.advance(0); // the first heartbeat and (empty) upload
    await vi.waitFor(() => expect(up.status().lastHeartbeatOkAt).not.toBeNull());
    await vi.waitFor(() => expect(clock.pending()).toContain(60_000));
    issueTickets(1);
    up.nudge();
    expect(clock.pending()).toContain(250);
    await clock.advance(249);
    expect(outbox.pendingCount()).toBe(1);
    await clock.advance(1);
    await vi.waitFor(() => expect(outbox.pendingCount()).toBe(0));
  });

  it('stop() waits for the request in flight', async () => {
    centre = await startCentre();
    issueTickets(5);
    const held = await holdRequests(Number(new URL(centre.url).port));
    const up = makeUploader(held.url);
    const inFlight = up.uploadOnce();
    await held.arrived;
    // The batch is on the wire: stopping now must not reset its connection.
    let stopped = false;
    const stopping = up.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stopped).toBe(false);
    held.release();
    await stopping;
    expect((await inFlight).ok).toBe(true);
    expect(outbox.pendingCount()).toBe(0);
    await held.close();
  });
});

/**
 * A loopback port that takes a request's bytes and holds them until release(), then passes the
 * connection through to `port`: a request that is surely on the wire, and not yet answered.
 */
async function holdRequests(port: number) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let arrive!: () => void;
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    sockets.add(client);
    const chunks: Buffer[] = [];
    const hold = (chunk: Buffer) => {
      chunks.push(chunk);
      arrive();
    };
    client.on('data', hold);
    void released.then(() => {
      const upstream = connect(port, '127.0.0.1', () => {
        client.off('data', hold);
        for (const chunk of chunks) upstream.write(chunk);
        client.pipe(upstream).pipe(client);
      });
      sockets.add(upstream);
      upstream.once('close', () => client.destroy());
      client.once('close', () => upstream.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    arrived,
    release,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
