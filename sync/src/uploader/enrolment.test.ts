import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '@bianmin/common';
import { openDatabase } from '@bianmin/common/sqlite';
import { captureLogger, eventsNamed, makeTempDir, type TempDir } from '@bianmin/common/testing';
import type { TerminalOverview } from '@bianmin/contract';
import { enrolmentTokenSha256 } from '../central/trust/index.js';
import { createOutbox, OUTBOX_MIGRATIONS } from '../outbox/index.js';
import { startCentralHarness, type CentralHarness } from '../testing/central-harness.js';
import { snapshot } from '../testing/fixtures.js';
import {
  fileKeyStore,
  loadTerminalCredentials,
  TERMINAL_KEY_FILE,
  type StoredKey,
} from '../terminal-identity/index.js';
import { createUploader, type Uploader } from './uploader.js';

const TERMINAL = 'xz-xfl-009';
const NOW = '2026-03-02T02:00:00.000Z';

describe('the uploader enrols the terminal and signs by the centre clock', () => {
  let dir: TempDir;
  let db: Database.Database;
  let centre: CentralHarness;
  let uploader: Uploader | undefined;
  let log: ReturnType<typeof captureLogger>;

  beforeEach(async () => {
    dir = makeTempDir('enrolment');
    const opened = openDatabase(':memory:', { migrations: OUTBOX_MIGRATIONS });
    if (!opened.ok) throw new Error(opened.error.message);
    db = opened.value;
    centre = await startCentralHarness({ now: NOW });
    log = captureLogger();
  });
  afterEach(async () => {
    await uploader?.stop();
    uploader = undefined;
    await centre.close();
    db.close();
    dir.remove();
  });

  /** A terminal on disk, whose clock reads `clockAt`, given `token` if any. */
  const terminal = (token: string | undefined, clockAt = NOW) => {
    const loaded = loadTerminalCredentials({
      terminalId: TERMINAL,
      store: fileKeyStore(dir.path),
      enrolmentToken: token,
      now: () => new Date(clockAt),
    });
    if (!loaded.ok) throw new Error(loaded.error.detail);
    uploader = createUploader({
      outbox: createOutbox(db),
      terminalId: TERMINAL,
      credentials: loaded.value,
      centreUrl: centre.url,
      heartbeat: () => snapshot(),
      uploadIntervalMs: 60_000,
      heartbeatIntervalMs: 60_000,
      logger: log.logger,
      clock: createManualClock(),
    });
    return uploader;
  };
  const presence = async () => {
    const rows = (await (await centre.get('/api/v1/terminals')).json()) as TerminalOverview[];
    return rows.find((row) => row.terminalId === TERMINAL)?.presence;
  };
  const keyFile = () =>
    JSON.parse(readFileSync(join(dir.path, TERMINAL_KEY_FILE), 'utf8')) as StoredKey;

  it('enrols before its first heartbeat, then keeps its key without the token', async () => {
    const up = terminal(await centre.createTerminal(TERMINAL));
    expect(await up.heartbeatOnce()).toEqual({ ok: true, value: undefined });
    expect(await presence()).toBe('online');
    expect(eventsNamed(log.lines, 'sync.enrolled')).toEqual([
      expect.objectContaining({ terminalId: TERMINAL, algorithm: 'ed25519' }),
    ]);
    expect(keyFile().enrolledAt).toBe(NOW);
    const registered = await centre.registry.get(TERMINAL);
    expect(registered?.key?.publicKey).toBe(keyFile().publicKey);

    await up.stop();
    const restarted = terminal(undefined);
    expect((await restarted.heartbeatOnce()).ok).toBe(true);
    expect(eventsNamed(log.lines, 'sync.enrolled')).toHaveLength(1);
  });

  it('says once why enrolment failed and sends nothing meanwhile', async () => {
    const token = await centre.createTerminal(TERMINAL, { expiresAt: '2026-03-02T01:00:00.000Z' });
    const up = terminal(token);
    const first = await up.heartbeatOnce();
    expect(first).toMatchObject({
      ok: false,
      error: { kind: 'http', status: 401, code: 'enrolment-token-expired' },
    });
    await up.heartbeatOnce();
    await up.uploadOnce();
    expect(eventsNamed(log.lines, 'sync.enrolment-failed')).toEqual([
      expect.objectContaining({ reason: 'enrolment-token-expired', status: 401 }),
    ]);
    expect(await presence()).toBeUndefined();
  });

  it('says once that the centre refuses its signature once revoked', async () => {
    const up = terminal(await centre.createTerminal(TERMINAL));
    expect((await up.heartbeatOnce()).ok).toBe(true);
    await centre.registry.revoke(TERMINAL, new Date(NOW));
    expect(await up.heartbeatOnce()).toMatchObject({
      ok: false,
      error: { status: 403, code: 'terminal-revoked' },
    });
    await up.heartbeatOnce();
    expect(eventsNamed(log.lines, 'sync.signature-refused')).toEqual([
      expect.objectContaining({ reason: 'terminal-revoked', route: '/api/v1/heartbeat' }),
    ]);
  });

  it.each([
    ['two hours fast', '2026-03-02T04:00:00.000Z'],
    ['a day slow', '2026-03-01T02:00:00.000Z'],
  ])('enrols and reports with a clock %s, signing by the centre clock it learns', async (_, at) => {
    const up = terminal(await centre.createTerminal(TERMINAL), at);
    expect(await up.heartbeatOnce()).toEqual({ ok: true, value: undefined });
    expect(await presence()).toBe('online');
    expect(eventsNamed(log.lines, 'sync.signature-refused')).toEqual([]);
  });

  it('logs at start that it has neither a key nor a token', async () => {
    const up = terminal(undefined);
    up.start();
    await up.stop();
    expect(eventsNamed(log.lines, 'sync.not-enrolled')).toEqual([
      expect.objectContaining({ terminalId: TERMINAL }),
    ]);
    expect(await up.heartbeatOnce()).toMatchObject({
      ok: false,
      error: { status: 401, code: 'signature-missing' },
    });
  });

  it('enrols again with the same key when the first reply was lost', async () => {
    const token = await centre.createTerminal(TERMINAL);
    const lost = loadTerminalCredentials({
      terminalId: TERMINAL,
      store: fileKeyStore(dir.path),
      enrolmentToken: token,
    });
    if (!lost.ok) throw new Error(lost.error.detail);
    // The centre accepts the key, but the terminal never hears so.
    const due = lost.value.enrolmentDue()!;
    const accepted = await centre.registry.enrol({
      terminalId: TERMINAL,
      tokenSha256: enrolmentTokenSha256(token),
      algorithm: due.algorithm,
      publicKey: due.publicKey,
      at: new Date(NOW),
    });
    expect(accepted.ok).toBe(true);
    const up = terminal(token);
    expect((await up.heartbeatOnce()).ok).toBe(true);
  });
});
