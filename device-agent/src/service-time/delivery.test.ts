import { createManualClock } from '@bianmin/common';
import { makeTempDir, openNetworkSwitch, type TempDir } from '@bianmin/common/testing';
import {
  DEFAULT_CONFIG_DIR,
  loadCommunityFiles,
  loadConfigFile,
  loadTerminalConfig,
} from '@bianmin/config';
import type { CoverageReport } from '@bianmin/contract';
import {
  createCentreAdminClient,
  createTerminalRequest,
  startCentral,
  type RunningCentral,
} from '@bianmin/sync/central';
import { createOutbox } from '@bianmin/sync/outbox';
import { loadTerminalCredentials, memoryKeyStore } from '@bianmin/sync/terminal-identity';
import { createUploader } from '@bianmin/sync/uploader';
import type Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openTerminalDatabase } from '../queue/terminal-database.js';
import { createServiceTimeRecorder } from './recorder.js';

const HOUR = 3_600_000;
const ADMIN_TOKEN = 'service-time-test-administrator-token';
const MONDAY = '2026-11-23';

let dirs: TempDir[] = [];
let db: Database.Database | undefined;
let central: RunningCentral | undefined;
afterEach(async () => {
  await central?.close();
  db?.close();
  dirs.forEach((d) => d.remove());
  dirs = [];
});

/**
 * The default terminal with its real recorder, outbox and uploader, and a real centre it
 * cannot reach until the link connects; all on one manual clock from Monday 08:00 Shanghai.
 * `communityCode` registers it for another community of the defaults.
 */
async function terminalOffline(communityCode?: string) {
  const config = loadTerminalConfig(DEFAULT_CONFIG_DIR);
  const regions = loadConfigFile('regions', join(DEFAULT_CONFIG_DIR, 'regions.json'));
  const communities = loadCommunityFiles(DEFAULT_CONFIG_DIR);
  if (!config.ok || !regions.ok || !communities.ok) throw new Error('defaults must be valid');
  const { terminal } = config.value;

  const terminalDir = makeTempDir('terminal');
  dirs.push(terminalDir);
  const opened = openTerminalDatabase(join(terminalDir.path, 'terminal.sqlite'));
  if (!opened.ok) throw new Error(opened.error.message);
  db = opened.value;
  const outbox = createOutbox(db);
  // Monday 08:00 in Shanghai; the terminal serves 08:30-17:30 (config/defaults/terminal.json).
  const clock = createManualClock(Date.parse(`${MONDAY}T08:00:00+08:00`));
  const now = () => new Date(clock.now());
  const recorder = createServiceTimeRecorder({
    db,
    outbox,
    serviceHours: terminal.serviceHours,
    timeZone: terminal.timeZone,
    deviceStates: () => ({ idCardReader: 'ready', printer: 'ready', storage: 'ready' }),
    now,
    onError: (error) => {
      throw error;
    },
    clock,
  });
  // The centre runs all along; the terminal cannot reach it until the link comes back.
  const centreDir = makeTempDir('centre');
  dirs.push(centreDir);
  const started = await startCentral({
    port: 0,
    host: '127.0.0.1',
    dataDir: centreDir.path,
    now,
    // The centre's own sweeps run on real time while the test moves the manual clock through
    // a week: a sweep mid-week would depend on the machine's speed. Reads and heartbeats
    // still decide presence at the instant they happen.
    presenceSweepMs: 3_600_000,
    regions: regions.value,
    communities: communities.value,
    trust: { adminToken: ADMIN_TOKEN },
  });
  if (!started.ok) throw new Error(started.error.detail);
  central = started.value;
  const admin = createCentreAdminClient({ centreUrl: central.url, adminToken: ADMIN_TOKEN });
  const registered = communityCode
    ? { ...terminal, community: { ...terminal.community, code: communityCode } }
    : terminal;
  const created = await admin.createTerminal(createTerminalRequest(registered));
  if (!created.ok) throw new Error(created.error.message);
  const credentials = loadTerminalCredentials({
    terminalId: terminal.terminalId,
    store: memoryKeyStore(),
    enrolmentToken: created.value.enrolmentToken,
    now,
  });
  if (!credentials.ok) throw new Error(credentials.error.detail);

  const link = await openNetworkSwitch();
  const uploader = createUploader({
    outbox,
    credentials: credentials.value,
    terminalId: terminal.terminalId,
    centreUrl: link.url,
    heartbeat: () => ({ terminal, devices: { idCardReader: 'ready', printer: 'ready' } }),
    uploadIntervalMs: 10_000,
    heartbeatIntervalMs: 60_000,
    now,
  });

  /** Installed with the network up: enrolled and seen once, then the link goes down. */
  const enrolThenCut = async () => {
    link.connectTo(Number(new URL(central!.url).port));
    expect((await uploader.heartbeatOnce()).ok).toBe(true);
    link.cut();
  };
  const reconnect = async () => {
    link.connectTo(Number(new URL(central!.url).port));
    expect((await uploader.heartbeatOnce()).ok).toBe(true);
    while (uploader.status().pending > 0) expect((await uploader.uploadOnce()).ok).toBe(true);
    await link.close();
  };
  const coverage = async (code: string, from: string, to: string) =>
    (await (
      await fetch(`${central!.url}/api/v1/coverage?region=${code}&from=${from}&to=${to}`)
    ).json()) as CoverageReport;
  return { terminal, clock, recorder, uploader, outbox, enrolThenCut, reconnect, coverage };
}

it('a terminal that served all day with its network down gets its hours when it reconnects', async () => {
  const { terminal, clock, recorder, uploader, reconnect, coverage } = await terminalOffline();
  recorder.start();
  await clock.advance(10 * HOUR); // 18:00, the network down all day
  expect((await uploader.uploadOnce()).ok).toBe(false);
  await recorder.stop(); // switched off for the night
  await clock.advance(16 * HOUR);

  // Tuesday 10:00: the link comes back.
  await reconnect();

  const report = await coverage(terminal.community.code, MONDAY, MONDAY);
  expect(report.region.urban).toMatchObject({ communityDays: 1, coveredDays: 1, percent: 100 });
  expect(report.revised.communityDays).toBe(1);
});

// A week of the recorder's minute checkpoints, run through on the manual clock: longer than
// the default timeout on a busy machine.
it(
  'a week offline: every record arrives once, weekdays count, the closed weekend does not',
  { timeout: 90_000 },
  async () => {
    // 新建路社区 keeps the file's hours (Monday to Friday 08:30-17:30), as the terminal does.
    const community = '140902001002';
    const { terminal, clock, recorder, uploader, outbox, enrolThenCut, reconnect, coverage } =
      await terminalOffline(community);
    // Enrolled at installation: a week later its enrolment token would have expired.
    await enrolThenCut();
    recorder.start();
    for (let day = 0; day < 7; day++) {
      await clock.advance(24 * HOUR);
      expect((await uploader.uploadOnce()).ok).toBe(false);
    }
    await recorder.stop();
    const recorded = outbox.pendingCount();
    expect(recorded).toBeGreaterThan(7 * 24 * 4 - 1); // cut every 15 minutes at most

    // The next Monday 08:00: a week's backlog, delivered once.
    await reconnect();
    expect(outbox.pendingCount()).toBe(0);
    expect(outbox.ackedUpTo()).toBe(recorded);

    const week = await coverage(community, MONDAY, '2026-11-29');
    // Five weekdays due and served; Saturday and Sunday closed, so not due and not against it.
    expect(week.region.urban).toMatchObject({ communityDays: 5, coveredDays: 5, percent: 100 });
    expect(week.revised.communityDays).toBe(5);
    // Served offline is not seen online: the centre's own record (heard at 08:00 both Mondays,
    // before the hall opens, so closed) has no online change inside the silent week.
    const history = (await (
      await fetch(`${central!.url}/api/v1/terminals/${terminal.terminalId}/presence`)
    ).json()) as { changes: { at: string; presence: string }[] };
    expect(history.changes[0]).toMatchObject({
      at: '2026-11-23T00:00:00.000Z',
      presence: 'closed',
    });
    const silent = (at: string) =>
      at > '2026-11-23T00:00:00.000Z' && at < '2026-11-30T00:00:00.000Z';
    expect(history.changes.filter((c) => silent(c.at) && c.presence === 'online')).toEqual([]);
  },
);
