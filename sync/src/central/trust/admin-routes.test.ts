import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureLogger, eventsNamed } from '@bianmin/common/testing';
import { startCentralHarness, type CentralHarness } from '../../testing/central-harness.js';
import { enrolInMemory } from '../../testing/enrol.js';
import { snapshot } from '../../testing/fixtures.js';
import { openCentralDatabase } from '../database.js';
import { buildCentralServer } from '../server.js';
import { createCentreAdminClient, type CentreAdminClient } from './admin-client.js';
import { createSqliteNonceStore } from './sqlite-trust-store.js';

const NOW = '2026-03-02T02:00:00.000Z';
const T9 = 'xz-xfl-009';

describe('administrator routes', () => {
  let centre: CentralHarness;
  let admin: CentreAdminClient;
  let log: ReturnType<typeof captureLogger>;
  beforeEach(async () => {
    log = captureLogger();
    centre = await startCentralHarness({ now: NOW, logger: log.logger });
    admin = createCentreAdminClient({ centreUrl: centre.url, adminToken: centre.adminToken });
  });
  afterEach(() => centre.close());

  const create = () =>
    admin.createTerminal({ terminalId: T9, terminal: snapshot().terminal, tokenValidHours: 2 });

  it('creates a terminal with a one-time token that enrols it, storing only its hash', async () => {
    const created = await create();
    if (!created.ok) throw new Error(created.error.message);
    expect(created.value).toEqual({
      terminalId: T9,
      enrolmentToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) as unknown,
      expiresAt: '2026-03-02T04:00:00.000Z',
    });
    const token = created.value.enrolmentToken;
    const stored = JSON.stringify(centre.db.prepare('SELECT * FROM enrolment_tokens').all());
    expect(stored).not.toContain(token);
    expect(await admin.get(T9)).toMatchObject({ ok: true, value: { state: 'awaiting-enrolment' } });
    await enrolInMemory({ centreUrl: centre.url, terminalId: T9, token, now: () => new Date(NOW) });
    expect(await admin.get(T9)).toMatchObject({
      ok: true,
      value: { state: 'enrolled', algorithm: 'ed25519', enrolledAt: NOW, revokedAt: null },
    });
    expect(eventsNamed(log.lines, 'central.terminal-created')).toHaveLength(1);
    expect(
      eventsNamed(log.lines, 'central.terminal-enrolled').filter((l) => l.terminalId === T9),
    ).toEqual([expect.objectContaining({ algorithm: 'ed25519' })]);
  });

  it('refuses a second terminal with the same id', async () => {
    await create();
    expect(await create()).toMatchObject({
      ok: false,
      error: { status: 409, error: 'terminal-exists' },
    });
  });

  it('issues a new token that replaces an unused one', async () => {
    const first = await create();
    const second = await admin.issueToken(T9);
    if (!first.ok || !second.ok) throw new Error('not issued');
    await expect(
      enrolInMemory({ centreUrl: centre.url, terminalId: T9, token: first.value.enrolmentToken }),
    ).rejects.toThrow(/401/);
    await enrolInMemory({
      centreUrl: centre.url,
      terminalId: T9,
      token: second.value.enrolmentToken,
      now: () => new Date(NOW),
    });
    expect(await admin.issueToken('xz-none')).toMatchObject({ ok: false, error: { status: 404 } });
  });

  it('revokes at once and cancels unused tokens', async () => {
    await create();
    const revoked = await admin.revoke(T9);
    expect(revoked).toMatchObject({ ok: true, value: { state: 'revoked', revokedAt: NOW } });
    expect(eventsNamed(log.lines, 'central.terminal-revoked')).toHaveLength(1);
    expect(await admin.revoke('xz-none')).toMatchObject({ ok: false, error: { status: 404 } });
  });

  it('refuses without the administrator token, or when none is configured', async () => {
    const intruder = createCentreAdminClient({ centreUrl: centre.url, adminToken: 'x'.repeat(43) });
    expect(await intruder.get(T9)).toMatchObject({
      ok: false,
      error: { status: 401, error: 'admin-unauthorised' },
    });
    const bare = await fetch(`${centre.url}/api/v1/admin/terminals/${T9}`);
    expect(bare.status).toBe(401);

    const opened = openCentralDatabase(':memory:');
    if (!opened.ok) throw new Error(opened.error.message);
    const closed = buildCentralServer({ db: opened.value });
    try {
      const res = await closed.inject({
        method: 'GET',
        url: `/api/v1/admin/terminals/${T9}`,
        headers: { authorization: 'Bearer anything' },
      });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({
        error: 'admin-disabled',
        message: expect.stringContaining('CENTRAL_ADMIN_TOKEN') as unknown,
      });
    } finally {
      await closed.close();
      opened.value.close();
    }
  });

  it('refuses a create request with a wrong field, naming it', async () => {
    const res = await fetch(`${centre.url}/api/v1/admin/terminals`, {
      method: 'POST',
      headers: { authorization: `Bearer ${centre.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ terminalId: T9, terminal: { ...snapshot().terminal, port: 1 } }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'bad-request', where: 'terminal' });
  });
});

describe('nonces', () => {
  it('are refused again inside the window and forgotten after it', async () => {
    const centre = await startCentralHarness({ now: NOW });
    try {
      const nonces = createSqliteNonceStore(centre.db);
      const at = new Date(NOW);
      const until = new Date(Date.parse(NOW) + 300_000);
      expect(await nonces.remember(T9, 'n-0000000000000001', until, at)).toBe(true);
      expect(await nonces.remember(T9, 'n-0000000000000001', until, at)).toBe(false);
      expect(await nonces.remember('xz-xfl-010', 'n-0000000000000001', until, at)).toBe(true);
      const count = centre.db
        .prepare('SELECT COUNT(*) FROM request_nonces WHERE nonce = ?')
        .pluck();
      expect(count.get('n-0000000000000001')).toBe(2);
      // Past their time plus the window, a later request prunes them.
      const later = new Date(until.getTime() + 60_001);
      await nonces.remember(T9, 'n-0000000000000002', new Date(later.getTime() + 300_000), later);
      expect(count.get('n-0000000000000001')).toBe(0);
    } finally {
      await centre.close();
    }
  });
});
