import { request } from 'node:http';
import {
  MONITOR_LOGIN_PATH,
  MONITOR_LOGOUT_PATH,
  MONITOR_SESSION_PATH,
  type Account,
} from '@bianmin/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCentralHarness, type CentralHarness } from '../../testing/central-harness.js';
import { TEST_STORAGES } from '../../testing/test-stores.js';
import {
  TEST_PASSWORD,
  createAccount,
  getAs,
  login,
  postFromApp,
  regionalHeartbeat,
  sendHeartbeat,
} from '../../testing/monitoring-fixtures.js';
import { hashPassword, verifyPassword } from './password.js';
import { lockUntil } from './lockout.js';

const T0 = '2026-03-02T02:00:00.000Z';
const later = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();

describe.each(TEST_STORAGES)('on %s', (storage) => {
  let harness: CentralHarness;
  beforeEach(async () => {
    harness = await startCentralHarness({ now: T0, storage });
    await sendHeartbeat(harness, regionalHeartbeat('xz-001', 'xinzhou', T0));
    expect(
      (await createAccount(harness, { user: 'xz-staff', role: 'viewer', region: '1409' })).status,
    ).toBe(201);
  });
  afterEach(() => harness.close());

  const sessions = async () =>
    (
      await harness.rows<{ n: number }>(
        'SELECT CAST(COUNT(*) AS INTEGER) AS n FROM monitor_sessions',
      )
    )[0]?.n;

  describe('passwords', () => {
    it('are salted scrypt with the cost stored alongside, and verify only the right password', async () => {
      const cost = { N: 1024, r: 8, p: 1 };
      const a = await hashPassword('一个足够长的密码 abc', cost);
      const b = await hashPassword('一个足够长的密码 abc', cost);
      expect(a).toMatch(/^scrypt\$1024\$8\$1\$/);
      expect(a).not.toBe(b);
      expect(await verifyPassword('一个足够长的密码 abc', a)).toBe(true);
      expect(await verifyPassword('一个足够长的密码 abd', a)).toBe(false);
      expect(await verifyPassword('anything', 'md5$abc')).toBe(false);
    });

    it('lock an account after three failures, doubling up to an hour', () => {
      const at = new Date(T0);
      const lockMs = (n: number, free = 3) =>
        (lockUntil(n, at, free)?.getTime() ?? at.getTime()) - at.getTime();
      expect([1, 2, 3, 4, 5, 6].map((n) => lockMs(n))).toEqual([0, 0, 0, 15_000, 30_000, 60_000]);
      expect(lockMs(40)).toBe(3_600_000);
      expect(lockMs(10, 10)).toBe(0);
      expect(lockMs(11, 10)).toBe(15_000);
    });
  });

  describe('monitoring accounts', () => {
    it('log in, see their account and region, and log out', async () => {
      const cookie = await login(harness, 'xz-staff');
      const session = await getAs(harness, cookie, MONITOR_SESSION_PATH);
      expect(session.status).toBe(200);
      expect(await session.json()).toEqual<Account>({
        user: 'xz-staff',
        role: 'viewer',
        region: '1409',
        regionName: '忻州市',
      });
      const out = await postFromApp(harness, MONITOR_LOGOUT_PATH, {}, { cookie });
      expect(out.status).toBe(200);
      expect((await getAs(harness, cookie, MONITOR_SESSION_PATH)).status).toBe(401);
    });

    it('set the session as a signed HttpOnly Secure SameSite=Strict cookie, stored only hashed', async () => {
      const res = await postFromApp(harness, MONITOR_LOGIN_PATH, {
        user: 'xz-staff',
        password: TEST_PASSWORD,
      });
      const cookie = res.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/Secure/);
      expect(cookie).toMatch(/SameSite=Strict/);
      const value = decodeURIComponent(cookie.split(';')[0]!.split('=')[1]!);
      const [id] = value.split('.');
      const stored = (
        await harness.rows<{ id_sha256: string }>('SELECT id_sha256 FROM monitor_sessions')
      ).map((r) => r.id_sha256);
      expect(stored).toHaveLength(1);
      expect(stored).not.toContain(id);
      // A cookie whose signature does not match is no session.
      const forged = `bianmin_monitor=${encodeURIComponent(`${id}.AAAA`)}`;
      expect((await getAs(harness, forged, MONITOR_SESSION_PATH)).status).toBe(401);
    });

    it('refuse a wrong password and an unknown user with the same answer, and start no session', async () => {
      const wrong = await postFromApp(harness, MONITOR_LOGIN_PATH, {
        user: 'xz-staff',
        password: 'not the password',
      });
      const unknown = await postFromApp(harness, MONITOR_LOGIN_PATH, {
        user: 'nobody',
        password: TEST_PASSWORD,
      });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(await wrong.json()).toEqual(await unknown.json());
      expect(wrong.headers.get('set-cookie')).toBeNull();
      expect(await sessions()).toBe(0);
    });

    it('lock an account after repeated failures, even for the right password, until the lock ends', async () => {
      for (let i = 0; i < 4; i++) {
        const res = await postFromApp(harness, MONITOR_LOGIN_PATH, {
          user: 'xz-staff',
          password: 'guess guess ' + i,
        });
        expect(res.status).toBe(401);
      }
      const locked = await postFromApp(harness, MONITOR_LOGIN_PATH, {
        user: 'xz-staff',
        password: TEST_PASSWORD,
      });
      expect(locked.status).toBe(429);
      expect(locked.headers.get('retry-after')).toBe('15');
      expect(((await locked.json()) as Record<string, unknown>).error).toBe('login-locked');
      expect(await sessions()).toBe(0);
      harness.setNow(later(15_000));
      await login(harness, 'xz-staff');
      // An unknown name locks the same way, so the answer never tells which names exist.
      for (let i = 0; i < 4; i++) {
        await postFromApp(harness, MONITOR_LOGIN_PATH, {
          user: 'ghost',
          password: 'guess guess ' + i,
        });
      }
      const ghost = await postFromApp(harness, MONITOR_LOGIN_PATH, {
        user: 'ghost',
        password: TEST_PASSWORD,
      });
      expect(ghost.status).toBe(429);
    });

    it('refuse a login or logout without this centre as the Origin', async () => {
      const none = await fetch(harness.url + MONITOR_LOGIN_PATH, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user: 'xz-staff', password: TEST_PASSWORD }),
      });
      expect(none.status).toBe(403);
      const other = await postFromApp(
        harness,
        MONITOR_LOGIN_PATH,
        { user: 'xz-staff', password: TEST_PASSWORD },
        { origin: 'https://evil.example' },
      );
      expect(other.status).toBe(403);
      expect(((await other.json()) as Record<string, unknown>).error).toBe('origin-refused');
      expect(await sessions()).toBe(0);
      const cookie = await login(harness, 'xz-staff');
      const logout = await postFromApp(
        harness,
        MONITOR_LOGOUT_PATH,
        {},
        { cookie, origin: 'https://evil.example' },
      );
      expect(logout.status).toBe(403);
      expect((await getAs(harness, cookie, MONITOR_SESSION_PATH)).status).toBe(200);
    });

    it("take the page's origin and the Host header as one when only a default port differs", async () => {
      // fetch() cannot set Host; a TLS proxy passes the browser's on.
      const loginWith = (host: string, origin: string) =>
        new Promise<number>((resolve, reject) => {
          const { port } = new URL(harness.url);
          const body = JSON.stringify({ user: 'xz-staff', password: TEST_PASSWORD });
          const req = request(
            {
              host: '127.0.0.1',
              port,
              method: 'POST',
              path: MONITOR_LOGIN_PATH,
              headers: { host, origin, 'content-type': 'application/json' },
            },
            (res) => {
              res.resume();
              resolve(res.statusCode ?? 0);
            },
          );
          req.on('error', reject);
          req.end(body);
        });
      expect(await loginWith('centre.example:8443', 'https://centre.example:8443')).toBe(200);
      expect(await loginWith('centre.example:443', 'https://centre.example')).toBe(200);
      expect(await loginWith('centre.example', 'https://centre.example:443')).toBe(200);
      expect(await loginWith('centre.example:80', 'http://centre.example')).toBe(200);
      // Another port is another origin; a Host that is not just a host is nobody's.
      expect(await loginWith('centre.example', 'https://centre.example:8443')).toBe(403);
      expect(await loginWith('centre.example:8080', 'http://centre.example')).toBe(403);
      expect(await loginWith('centre.example/x', 'http://centre.example')).toBe(403);
      expect(await loginWith('evil@centre.example', 'http://centre.example')).toBe(403);
    });

    it('end a session after 30 idle minutes and after 12 hours in any case', async () => {
      const cookie = await login(harness, 'xz-staff');
      harness.setNow(later(29 * 60_000));
      expect((await getAs(harness, cookie, MONITOR_SESSION_PATH)).status).toBe(200);
      harness.setNow(later(59 * 60_000 - 1));
      expect((await getAs(harness, cookie, MONITOR_SESSION_PATH)).status).toBe(200);
      harness.setNow(later(89 * 60_000));
      const idle = await getAs(harness, cookie, MONITOR_SESSION_PATH);
      expect(idle.status).toBe(401);
      expect(((await idle.json()) as Record<string, unknown>).error).toBe('session-expired');

      harness.setNow(T0);
      const busy = await login(harness, 'xz-staff');
      for (let minutes = 20; minutes < 12 * 60; minutes += 20) {
        harness.setNow(later(minutes * 60_000));
        expect((await getAs(harness, busy, MONITOR_SESSION_PATH)).status).toBe(200);
      }
      harness.setNow(later(12 * 3_600_000));
      expect((await getAs(harness, busy, MONITOR_SESSION_PATH)).status).toBe(401);
    });

    it('are created only by the administrator, once per name, for a region code or the nation', async () => {
      const anonymous = await fetch(harness.url + '/api/v1/admin/accounts', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user: 'x1', role: 'viewer', region: '14', password: TEST_PASSWORD }),
      });
      expect(anonymous.status).toBe(401);
      expect(
        (await createAccount(harness, { user: 'xz-staff', role: 'admin', region: '14' })).status,
      ).toBe(409);
      expect(
        (await createAccount(harness, { user: 'bad', role: 'viewer', region: '140' })).status,
      ).toBe(400);
      expect(
        (
          await createAccount(harness, {
            user: 'short',
            role: 'viewer',
            region: '14',
            password: 'short',
          })
        ).status,
      ).toBe(400);
      const national = await createAccount(harness, {
        user: 'nation-admin',
        role: 'admin',
        region: 'nation',
      });
      expect(national.status).toBe(201);
      expect(((await national.json()) as Record<string, unknown>).regionName).toBeNull();
      // The only administrator: the column naming the user differs between the databases.
      const [stored] = (
        await harness.rows<{ password_hash: string }>(
          "SELECT password_hash FROM monitor_accounts WHERE role = 'admin'",
        )
      ).map((r) => r.password_hash);
      expect(stored).toMatch(/^scrypt\$32768\$8\$1\$/);
      expect(stored).not.toContain(TEST_PASSWORD);
    });
  });
});
