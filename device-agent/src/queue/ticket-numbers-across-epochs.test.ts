import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localDate } from '@bianmin/common';
import { captureLogger, eventsNamed, makeTempDir, type TempDir } from '@bianmin/common/testing';
import type { TerminalOverview } from '@bianmin/contract';
import {
  CENTRAL_DATABASE_FILE,
  createCentreAdminClient,
  startCentral,
  type RunningCentral,
} from '@bianmin/sync/central';
import {
  loadTerminalCredentials,
  memoryKeyStore,
  type TerminalCredentials,
} from '@bianmin/sync/terminal-identity';
import { createOutbox } from '@bianmin/sync/outbox';
import { snapshot } from '@bianmin/sync/testing';
import { createUploader } from '@bianmin/sync/uploader';
import { openTerminalDatabase } from './terminal-database.js';
import { createTicketStore } from './ticket-store.js';
import { recoverTicketCounters } from './counter-recovery.js';

const ZONE = 'Asia/Shanghai';
const TERMINAL = 'xz-xfl-001';
const ADMIN_TOKEN = 'epochs-test-administrator-token-0001';
const IDENTITY = snapshot('秀容街道幸福里社区 1 号机').terminal;
const SERVICE = { id: 'social-security', name: '社保业务', ticketPrefix: 'A' };
const MEDICAL = { id: 'medical-insurance', name: '医保业务', ticketPrefix: 'B' };

/**
 * A terminal that loses its database mid-day: the ticket store numbers the new file's first
 * day from 501 and its outbox starts a new epoch, so the centre counts every ticket of the
 * day once and never sees one number twice on one day.
 */
describe('ticket numbers and centre counts when the terminal database is replaced', () => {
  let dir: TempDir;
  let centre: RunningCentral;
  let now: Date;
  let credentials: TerminalCredentials;

  beforeEach(async () => {
    dir = makeTempDir('epochs');
    now = new Date('2026-03-01T02:00:00.000Z');
    const started = await startCentral({
      port: 0,
      host: '127.0.0.1',
      dataDir: join(dir.path, 'central'),
      now: () => now,
      timeZone: ZONE,
      trust: { adminToken: ADMIN_TOKEN },
    });
    if (!started.ok) throw new Error(started.error.detail);
    centre = started.value;
    // As an administrator would; the key outlives the terminal database it signs for.
    const admin = createCentreAdminClient({ centreUrl: centre.url, adminToken: ADMIN_TOKEN });
    const created = await admin.createTerminal({ terminalId: TERMINAL, terminal: IDENTITY });
    if (!created.ok) throw new Error(created.error.message);
    const loaded = loadTerminalCredentials({
      terminalId: TERMINAL,
      store: memoryKeyStore(),
      enrolmentToken: created.value.enrolmentToken,
      now: () => now,
    });
    if (!loaded.ok) throw new Error(loaded.error.detail);
    credentials = loaded.value;
  });
  afterEach(async () => {
    await centre.close();
    dir.remove();
  });

  /** The terminal database file, born on `bornAt`, with its ticket store and uploader. */
  const terminalFile = (bornAt: string, centreUrl = centre.url) => {
    const opened = openTerminalDatabase(join(dir.path, 'terminal.sqlite'));
    if (!opened.ok) throw new Error(opened.error.message);
    const db = opened.value;
    db.prepare('UPDATE database_birth SET created_at = ?').run(bornAt);
    const outbox = createOutbox(db, { now: () => now });
    const store = createTicketStore(db, outbox, { timeZone: ZONE, now: () => now });
    const uploader = createUploader({
      outbox,
      terminalId: TERMINAL,
      credentials,
      centreUrl,
      heartbeat: () => {
        throw new Error('no heartbeat in this test');
      },
      uploadIntervalMs: 1000,
      heartbeatIntervalMs: 60_000,
      now: () => now,
    });
    let request = 0;
    const log = captureLogger();
    return {
      epoch: outbox.epoch(),
      log,
      /** The agent's start on a new file (app.ts), at `at`. */
      recover(at: string, timeoutMs = 2000) {
        now = new Date(at);
        return recoverTicketCounters({
          db,
          timeZone: ZONE,
          now: () => now,
          logger: log.logger,
          askCentre: (range) => uploader.ticketCounters(range, timeoutMs),
          timeoutMs,
        });
      },
      issue(at: string, n: number, service = SERVICE): string[] {
        now = new Date(at);
        return Array.from({ length: n }, () => {
          request += 1;
          const issued = store.issue({
            requestId: `${bornAt}-${request}`,
            service,
            priority: false,
            durationMs: 1000,
          });
          if (!issued.ok) throw new Error(issued.error.kind);
          return issued.value.number;
        });
      },
      async deliver() {
        const sent = await uploader.uploadOnce();
        expect(sent.ok).toBe(true);
        expect(outbox.pendingCount()).toBe(0);
      },
      close: async () => {
        await uploader.stop();
        db.close();
      },
    };
  };

  const countOn = async (at: string): Promise<number | undefined> => {
    now = new Date(at);
    const list = (await (
      await fetch(`${centre.url}/api/v1/terminals`)
    ).json()) as TerminalOverview[];
    return list
      .find((t) => t.terminalId === TERMINAL)
      ?.today.ticketsByService.find((s) => s.serviceId === SERVICE.id)?.count;
  };

  it('counts every ticket once per day and never one number twice a day across epochs', async () => {
    const first = terminalFile('2026-02-20T01:00:00.000Z');
    expect(first.issue('2026-03-01T02:00:00.000Z', 2)).toEqual(['A001', 'A002']);
    expect(first.issue('2026-03-02T01:00:00.000Z', 3)).toEqual(['A001', 'A002', 'A003']);
    await first.deliver();
    await first.close();

    // The disk fails at 10:30 on 2 March: a new, empty file.
    rmSync(join(dir.path, 'terminal.sqlite'));
    const second = terminalFile('2026-03-02T02:30:00.000Z');
    expect(second.epoch).not.toBe(first.epoch);
    expect(second.issue('2026-03-02T03:00:00.000Z', 2)).toEqual(['A501', 'A502']);
    await second.deliver();
    // The next day the new file counts from 1: the same numbers as the old epoch's, another day.
    expect(second.issue('2026-03-03T01:00:00.000Z', 1)).toEqual(['A001']);
    await second.deliver();
    await second.close();

    expect(await countOn('2026-03-01T10:00:00.000Z')).toBe(2);
    expect(await countOn('2026-03-02T10:00:00.000Z')).toBe(5);
    expect(await countOn('2026-03-03T10:00:00.000Z')).toBe(1);

    const stored = new Database(join(dir.path, 'central', CENTRAL_DATABASE_FILE), {
      readonly: true,
    });
    const rows = stored
      .prepare(
        `SELECT epoch, corrected_at AS at, json_extract(payload, '$.ticketNumber') AS number
         FROM events WHERE type = 'ticket.issued'`,
      )
      .all() as { epoch: string; at: string; number: string }[];
    stored.close();
    expect(new Set(rows.map((r) => r.epoch))).toEqual(new Set([first.epoch, second.epoch]));
    const perDay = rows.map((r) => `${localDate(new Date(r.at), ZONE)} ${r.number}`);
    expect(perDay).toHaveLength(8);
    expect(new Set(perDay).size).toBe(perDay.length);
  });

  it("numbers a new file's first day on from the centre's counts when it answers", async () => {
    const first = terminalFile('2026-02-20T01:00:00.000Z');
    expect(first.issue('2026-03-02T01:00:00.000Z', 3)).toEqual(['A001', 'A002', 'A003']);
    expect(first.issue('2026-03-02T01:05:00.000Z', 1, MEDICAL)).toEqual(['B001']);
    await first.deliver();
    await first.close();

    rmSync(join(dir.path, 'terminal.sqlite'));
    const second = terminalFile('2026-03-02T02:30:00.000Z');
    expect(await second.recover('2026-03-02T02:30:00.000Z')).toBe('centre');
    expect(second.issue('2026-03-02T03:00:00.000Z', 2)).toEqual(['A004', 'A005']);
    expect(second.issue('2026-03-02T03:05:00.000Z', 1, MEDICAL)).toEqual(['B002']);
    expect(eventsNamed(second.log.lines, 'agent.ticket-counters-recovered')).toMatchObject([
      { source: 'centre', services: 2 },
    ]);
    // A restart the same day asks nothing more and keeps counting.
    expect(await second.recover('2026-03-02T04:00:00.000Z')).toBe('not-needed');
    expect(second.issue('2026-03-02T04:00:00.000Z', 1)).toEqual(['A006']);
    // The next day counts from 1 as any day does.
    expect(second.issue('2026-03-03T01:00:00.000Z', 1)).toEqual(['A001']);
    await second.close();
  });

  it('numbers from 501 when the centre cannot be reached, and says so', async () => {
    const first = terminalFile('2026-02-20T01:00:00.000Z');
    expect(first.issue('2026-03-02T01:00:00.000Z', 3)).toEqual(['A001', 'A002', 'A003']);
    await first.deliver();
    await first.close();

    rmSync(join(dir.path, 'terminal.sqlite'));
    // Nothing listens on port 9 of this machine: the connection is refused.
    const second = terminalFile('2026-03-02T02:30:00.000Z', 'http://127.0.0.1:9');
    expect(await second.recover('2026-03-02T02:30:00.000Z')).toBe('range');
    expect(second.issue('2026-03-02T03:00:00.000Z', 2)).toEqual(['A501', 'A502']);
    expect(eventsNamed(second.log.lines, 'agent.ticket-counters-recovered')).toMatchObject([
      { source: 'range', reason: 'network' },
    ]);
    // Tickets already numbered from the range keep it, even once the centre answers.
    await second.close();
    // The same file (its birth is still that day; the test's request ids differ by it).
    const third = terminalFile('2026-03-02T02:31:00.000Z');
    expect(await third.recover('2026-03-02T05:00:00.000Z')).toBe('not-needed');
    expect(third.issue('2026-03-02T05:00:00.000Z', 1)).toEqual(['A503']);
    await third.close();
  });
});
