import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureLogger, makeTempDir, type TempDir } from '@bianmin/common/testing';
import { openDatabase } from '@bianmin/common/sqlite';
import { createCentreAdminClient, startCentral, type RunningCentral } from '@bianmin/sync/central';
import { createOutbox, OUTBOX_MIGRATIONS } from '@bianmin/sync/outbox';
import { snapshot } from '@bianmin/sync/testing';
import { ENROLMENT_TOKEN_FILE } from '@bianmin/sync/terminal-identity';
import { createUploader } from '@bianmin/sync/uploader';
import { loadIdentity } from '../agent/centre-link.js';
import { createScreenEnrolment } from './enrolment.js';

const TERMINAL = 'xz-xfl-001';
const ADMIN_TOKEN = 'screen-enrolment-administrator-token-01';
const IDENTITY = snapshot('秀容街道幸福里社区 1 号机').terminal;

describe('enrolment from the technician screen', () => {
  let dir: TempDir;
  let centre: RunningCentral;

  beforeEach(async () => {
    dir = makeTempDir('screen-enrolment');
    const started = await startCentral({
      port: 0,
      host: '127.0.0.1',
      dataDir: join(dir.path, 'central'),
      trust: { adminToken: ADMIN_TOKEN },
    });
    if (!started.ok) throw new Error(started.error.detail);
    centre = started.value;
  });
  afterEach(async () => {
    await centre.close();
    dir.remove();
  });

  it('keeps the key it enrolled across a restart when a refused token file is still there', async () => {
    const admin = createCentreAdminClient({ centreUrl: centre.url, adminToken: ADMIN_TOKEN });
    const created = await admin.createTerminal({ terminalId: TERMINAL, terminal: IDENTITY });
    if (!created.ok) throw new Error(created.error.message);
    const dataDir = join(dir.path, 'agent');
    const opened = openDatabase(join(dir.path, 'outbox.sqlite'), {
      migrations: OUTBOX_MIGRATIONS,
    });
    if (!opened.ok) throw new Error(opened.error.message);
    const outbox = createOutbox(opened.value);
    const logger = captureLogger().logger;
    const now = () => new Date();
    // The installer dropped a token the centre does not know (mistyped, or replaced since).
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, ENROLMENT_TOKEN_FILE), 'x'.repeat(43));
    const identity = loadIdentity({
      terminalId: TERMINAL,
      dataDir,
      enrolmentToken: undefined,
      now,
    });

    const enrol = createScreenEnrolment({
      terminalId: TERMINAL,
      dataDir,
      centreUrl: centre.url,
      outbox,
      heartbeat: () => snapshot(),
      identity,
      pinCentreConfigKey: () => undefined,
      logger,
    });
    const reply = await enrol({ centreUrl: centre.url, token: created.value.enrolmentToken });
    expect(reply).toMatchObject({ enrolled: true });

    // The agent restarts: it must go on with the key the centre accepted.
    const restarted = loadIdentity({
      terminalId: TERMINAL,
      dataDir,
      enrolmentToken: undefined,
      now,
    });
    expect(restarted.credentials.state()).toBe('enrolled');
    const uploader = createUploader({
      outbox,
      terminalId: TERMINAL,
      credentials: restarted.credentials,
      centreUrl: centre.url,
      heartbeat: () => snapshot(),
      uploadIntervalMs: 60_000,
      heartbeatIntervalMs: 60_000,
      logger,
    });
    expect((await uploader.heartbeatOnce()).ok).toBe(true);
    await uploader.stop();
    expect(existsSync(join(dataDir, ENROLMENT_TOKEN_FILE))).toBe(false);
    opened.value.close();
  });
});
