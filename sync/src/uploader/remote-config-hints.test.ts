import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '@bianmin/common';
import { openDatabase } from '@bianmin/common/sqlite';
import type { ConfigKey, SignedConfig } from '@bianmin/contract';
import { createOutbox, OUTBOX_MIGRATIONS } from '../outbox/index.js';
import { startCentralHarness, type CentralHarness } from '../testing/central-harness.js';
import { snapshot } from '../testing/fixtures.js';
import { loadTerminalCredentials, memoryKeyStore } from '../terminal-identity/index.js';
import { createUploader } from './uploader.js';

const TERMINAL = 'xz-xfl-009';
const NOW = '2026-03-02T02:00:00.000Z';

describe('the uploader and remote configuration', () => {
  let db: Database.Database;
  let centre: CentralHarness;
  beforeEach(async () => {
    const opened = openDatabase(':memory:', { migrations: OUTBOX_MIGRATIONS });
    if (!opened.ok) throw new Error(opened.error.message);
    db = opened.value;
    centre = await startCentralHarness({ now: NOW });
  });
  afterEach(async () => {
    await centre.close();
    db.close();
  });

  it('pins the key from the enrolment reply, reports the running version and hears of newer ones', async () => {
    const loaded = loadTerminalCredentials({
      terminalId: TERMINAL,
      store: memoryKeyStore(),
      enrolmentToken: await centre.createTerminal(TERMINAL),
      now: () => new Date(NOW),
    });
    if (!loaded.ok) throw new Error(loaded.error.detail);
    const pinned: ConfigKey[] = [];
    const available: number[] = [];
    let running = 0;
    const uploader = createUploader({
      outbox: createOutbox(db),
      terminalId: TERMINAL,
      credentials: loaded.value,
      centreUrl: centre.url,
      heartbeat: () => snapshot(),
      uploadIntervalMs: 60_000,
      heartbeatIntervalMs: 60_000,
      clock: createManualClock(),
      configVersion: () => running,
      onConfigAvailable: (version) => available.push(version),
      onCentreConfigKey: (key) => pinned.push(key),
    });
    try {
      expect((await uploader.heartbeatOnce()).ok).toBe(true);
      expect(pinned).toEqual([centre.configKey]);
      expect(available).toEqual([]);
      const version = await centre.stores.configReleases.publish(
        'region:140902',
        { warnings: [] },
        new Date(NOW),
      );
      expect((await uploader.heartbeatOnce()).ok).toBe(true);
      expect(available).toEqual([version]);
      const fetched = await uploader.fetchConfig(running);
      if (!fetched.ok) throw new Error(fetched.error.detail);
      expect(JSON.parse((fetched.value as SignedConfig).document)).toMatchObject({ version });
      running = version;
      expect((await uploader.heartbeatOnce()).ok).toBe(true);
      expect(await centre.stores.configReleases.running(TERMINAL)).toMatchObject({ version });
    } finally {
      await uploader.stop();
    }
  });
});
