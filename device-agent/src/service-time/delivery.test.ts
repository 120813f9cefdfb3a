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

it('a terminal that served all day with its network down gets its hours when it reconnects', async () => {
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
    regions: regions.value,
    communities: communities.value,
    trust: { adminToken: ADMIN_TOKEN },
  });
  if (!started.ok) throw new Error(started.error.detail);
  central = started.value;
  const admin = createCentreAdminClient({ centreUrl: central.url, adminToken: ADMIN_TOKEN });
  const created = await admin.createTerminal(createTerminalRequest(terminal));
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

  recorder.start();
  await clock.advance(10 * HOUR); // 18:00, the network down all day
  expect((await uploader.uploadOnce()).ok).toBe(false);
  await recorder.stop(); // switched off for the night
  await clock.advance(16 * HOUR);

  // Tuesday 10:00: the link comes back.
  link.connectTo(Number(new URL(central.url).port));
  expect((await uploader.heartbeatOnce()).ok).toBe(true);
  while (uploader.status().pending > 0) expect((await uploader.uploadOnce()).ok).toBe(true);
  await link.close();

  const code = terminal.community.code;
  const report = (await (
    await fetch(`${central.url}/api/v1/coverage?region=${code}&from=${MONDAY}&to=${MONDAY}`)
  ).json()) as CoverageReport;
  expect(report.region.urban).toMatchObject({ communityDays: 1, coveredDays: 1, percent: 100 });
  expect(report.revised.communityDays).toBe(1);
});
