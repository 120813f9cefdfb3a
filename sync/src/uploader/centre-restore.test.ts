import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createManualClock, type ManualClock } from '@bianmin/common';
import { openDatabase } from '@bianmin/common/sqlite';
import {
  captureLogger,
  eventsNamed,
  makeTempDir,
  openNetworkSwitch,
  type NetworkSwitch,
} from '@bianmin/common/testing';
import { createOutbox, OUTBOX_MIGRATIONS, type Outbox } from '../outbox/index.js';
import { startCentralHarness, type CentralHarness } from '../testing/central-harness.js';
import { snapshot } from '../testing/fixtures.js';
import { createUploader, type Uploader } from './uploader.js';

// Not the harness's own terminal, which each harness start enrols again with a new key.
const TERMINAL = 'xz-xfl-002';
const UPLOAD_MS = 10_000;
const HEARTBEAT_MS = 60_000;

/**
 * An operator restores the centre from an hour-old backup. Real files on both sides: the
 * centre's SQLite file is backed up with SQLite's online backup, more events are delivered,
 * the centre is stopped, the old file put back and the centre started again. The terminal
 * learns the centre's position from its next heartbeat and refills it.
 */
describe('a centre restored from an older backup', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let centreDir: string;
  let db: Database.Database;
  let outbox: Outbox;
  let centre: CentralHarness | undefined;
  let link: NetworkSwitch;
  let clock: ManualClock;
  let uploader: Uploader | undefined;
  let log: ReturnType<typeof captureLogger>;
  let issued = 0;

  beforeEach(async () => {
    dir = makeTempDir('centre-restore');
    centreDir = join(dir.path, 'central');
    mkdirSync(centreDir);
    const opened = openDatabase(join(dir.path, 'terminal.sqlite'), {
      migrations: OUTBOX_MIGRATIONS,
    });
    if (!opened.ok) throw new Error(opened.error.message);
    db = opened.value;
    outbox = createOutbox(db);
    link = await openNetworkSwitch();
    clock = createManualClock();
    log = captureLogger();
  });

  /** The terminal's uploader, enrolled at the running centre (the backup keeps its key). */
  const startUploader = async () => {
    const credentials = await centre!.enrolTerminal(TERMINAL);
    uploader = createUploader({
      outbox,
      credentials,
      terminalId: TERMINAL,
      centreUrl: link.url,
      heartbeat: () => snapshot(),
      uploadIntervalMs: UPLOAD_MS,
      heartbeatIntervalMs: HEARTBEAT_MS,
      batchSize: 20,
      // Not 0: full jitter would retry a failed upload after no time at all, for ever.
      random: () => 0.5,
      clock,
      logger: log.logger,
    });
    uploader.start();
  };

  afterEach(async () => {
    await uploader?.stop();
    link.cut();
    await centre?.close();
    centre = undefined;
    await link.close();
    db.close();
    dir.remove();
  });

  const startCentre = async () => {
    centre = await startCentralHarness({ dir: centreDir });
    link.connectTo(Number(new URL(centre.url).port));
  };
  const issue = (n: number) => {
    for (let i = 0; i < n; i++) {
      issued += 1;
      outbox.record({ type: 'staff.called', payload: { screen: `screen-${issued}` } });
    }
  };
  /** Runs the uploader's loops on the manual clock until `done` holds. */
  const runUntil = async (done: () => void | Promise<void>) => {
    await vi.waitFor(
      async () => {
        await clock.advance(UPLOAD_MS);
        await done();
      },
      { timeout: 15_000, interval: 5 },
    );
  };
  const held = () =>
    centre!.db
      .prepare("SELECT json_extract(payload, '$.screen') FROM events ORDER BY seq")
      .pluck()
      .all() as string[];
  const batchPosts = () => eventsNamed(log.lines, 'sync.batch-sent').length;

  it('gets every event exactly once and settles', async () => {
    await startCentre();
    await startUploader();
    issue(50);
    await runUntil(() => expect(outbox.pendingCount()).toBe(0));

    // The backup an hour before the failure: SQLite's online backup of the live file.
    const backup = join(dir.path, 'central-backup.sqlite');
    await centre!.db.backup(backup);

    issue(50);
    await runUntil(() => expect(outbox.pendingCount()).toBe(0));
    expect(held()).toHaveLength(100);

    // Restore: stop the centre, put the old file back (its WAL and shared memory files of
    // the newer state must go too), start again.
    link.cut(); // also ends the uploader's kept-alive connections, which would hold close()
    await centre!.close();
    for (const suffix of ['', '-wal', '-shm']) {
      rmSync(join(centreDir, `central.sqlite${suffix}`), { force: true });
    }
    copyFileSync(backup, join(centreDir, 'central.sqlite'));
    issue(5); // the terminal goes on serving while the centre is down
    await clock.advance(UPLOAD_MS);
    await startCentre();
    expect(held()).toHaveLength(50);

    await runUntil(async () => {
      await clock.advance(HEARTBEAT_MS);
      expect(outbox.pendingCount()).toBe(0);
      expect(held()).toHaveLength(105);
    });
    const expected = Array.from({ length: 105 }, (_, i) => `screen-${i + 1}`);
    expect(held()).toEqual(expected);
    expect(eventsNamed(log.lines, 'sync.centre-behind')).toEqual([
      expect.objectContaining({ centreAckedUpTo: 50, acknowledgedBefore: 100, resendFrom: 51 }),
    ]);

    // Settled: an hour of timer runs sends nothing more and finds nothing behind.
    const posts = batchPosts();
    for (let i = 0; i < 6; i++) await clock.advance(10 * 60_000);
    expect(batchPosts()).toBe(posts);
    expect(eventsNamed(log.lines, 'sync.centre-behind')).toHaveLength(1);
    expect(outbox.ackedUpTo()).toBe(105);
    expect(
      centre!.db
        .prepare('SELECT acked_up_to FROM delivery_positions WHERE epoch = ?')
        .pluck()
        .get(outbox.epoch()),
    ).toBe(105);
  });
});
