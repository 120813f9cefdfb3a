import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '@bianmin/common/testing';
import type { CommunitiesConfig, RegionsConfig } from '@bianmin/config';
import {
  EVENTS_PATH,
  HEARTBEAT_PATH,
  MONITOR_SESSION_PATH,
  type CoverageReport,
  type PresenceHistory,
  type TerminalOverview,
} from '@bianmin/contract';
import { createTestDatabase, type TestDatabase } from '../../../testing/postgres-database.js';
import { createAccount, getAs, login } from '../../../testing/monitoring-fixtures.js';
import { enrolInMemory, signedFetch } from '../../../testing/enrol.js';
import { heartbeatBody, snapshot, ticketEvent } from '../../../testing/fixtures.js';
import { OPEN_ALL_DAY } from '../../coverage/calendar.js';
import { startCentral, type RunningCentral } from '../../start.js';
import { createCentreAdminClient, createTerminalRequest } from '../../trust/index.js';
import type { TerminalCredentials } from '../../../terminal-identity/index.js';

const COMMUNITY = snapshot().terminal.community.code;
const regions: RegionsConfig = {
  ...OPEN_ALL_DAY,
  regions: [
    {
      code: '140902',
      name: '忻府区',
      level: 'county',
      coverage: { baseline: { percent: 10, year: 2022 }, target: { percent: 100, year: 2025 } },
    },
  ],
};
const communities: CommunitiesConfig = {
  communities: [{ code: COMMUNITY, name: '幸福里社区居委会', kind: 'urban' }],
};
const ADMIN_TOKEN = 'a-test-administrator-token-of-enough-length';
const T1 = 'xz-xfl-001';

let database: TestDatabase;
let dataDir: TempDir;
let now: Date;
const running: RunningCentral[] = [];

/** A centre instance as main.ts starts it, on the test database. */
async function instance(): Promise<RunningCentral> {
  const started = await startCentral({
    port: 0,
    host: '127.0.0.1',
    dataDir: join(dataDir.path, `unused-${running.length}`),
    databaseUrl: database.url,
    now: () => now,
    regions,
    communities,
    trust: { adminToken: ADMIN_TOKEN },
  });
  if (!started.ok) throw new Error(started.error.detail);
  running.push(started.value);
  return started.value;
}

async function enrol(centre: RunningCentral): Promise<TerminalCredentials> {
  const admin = createCentreAdminClient({ centreUrl: centre.url, adminToken: ADMIN_TOKEN });
  const created = await admin.createTerminal(
    createTerminalRequest({ terminalId: T1, ...snapshot().terminal }),
  );
  if (!created.ok) throw new Error(created.error.message);
  return enrolInMemory({
    centreUrl: centre.url,
    terminalId: T1,
    token: created.value.enrolmentToken,
    now: () => now,
  });
}

const post = (centre: RunningCentral, who: TerminalCredentials, path: string, body: unknown) =>
  signedFetch(centre.url, path, who, Buffer.from(JSON.stringify(body)));

const terminals = async (centre: RunningCentral) =>
  (await (await fetch(`${centre.url}/api/v1/terminals`)).json()) as TerminalOverview[];

beforeEach(async () => {
  database = await createTestDatabase();
  dataDir = makeTempDir('centre-on-postgres');
  now = new Date('2026-11-02T02:00:00.000Z'); // Monday 10:00 in Shanghai
});
afterEach(async () => {
  for (const centre of running.splice(0)) await centre.close();
  await database.drop();
  dataDir.remove();
});

describe('the centre on PostgreSQL', () => {
  it('takes a signed heartbeat and a batch, and answers the overview and coverage', async () => {
    const centre = await instance();
    // Nothing of the centre went to a SQLite file.
    expect(existsSync(join(dataDir.path, 'unused-0'))).toBe(false);
    const terminal = await enrol(centre);

    const beat = await post(centre, terminal, HEARTBEAT_PATH, heartbeatBody(T1, now.toISOString()));
    expect(beat.status).toBe(200);

    const opened = new Date(now.getTime() - 3_600_000).toISOString();
    const res = await post(centre, terminal, EVENTS_PATH, {
      terminalId: T1,
      sentAt: now.toISOString(),
      events: [
        ticketEvent(1, new Date(now.getTime() - 60_000).toISOString()),
        {
          seq: 2,
          type: 'service-time.recorded',
          createdAt: now.toISOString(),
          payload: { state: 'in-service', from: opened, to: now.toISOString() },
        },
      ],
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ackedUpTo: 2 });

    const [overview] = await terminals(centre);
    expect(overview).toMatchObject({
      terminalId: T1,
      presence: 'online',
      lastSeenAt: now.toISOString(),
      community: { code: COMMUNITY },
      today: { total: 1, ticketsByService: [{ serviceId: 'social-security', count: 1 }] },
    });

    // The day is still open: one in-service hour is counted, the day not yet judged covered.
    const coverage = await fetch(
      `${centre.url}/api/v1/coverage?region=140902&from=2026-11-02&to=2026-11-02`,
    );
    expect(coverage.status).toBe(200);
    const report = (await coverage.json()) as CoverageReport;
    expect(report.region).toMatchObject({ code: '140902', name: '忻府区' });
    expect(report.region.urban).toMatchObject({ communityDays: 1 });
  });

  it('runs as several instances on one database, with no state kept in one of them', async () => {
    const [a, b] = [await instance(), await instance()];
    const terminal = await enrol(a);
    // A terminal enrolled at one instance is known to the other, nonces included.
    const beat = await post(b, terminal, HEARTBEAT_PATH, heartbeatBody(T1, now.toISOString()));
    expect(beat.status).toBe(200);
    // The heartbeat's own decision runs after the reply: a read waits for it, so the clock
    // moves on only once it has seen this instant.
    expect((await terminals(b))[0]?.presence).toBe('online');

    // Both sweepers decide the same changes at once; each is written once.
    for (let round = 0; round < 3; round++) {
      now = new Date(now.getTime() + 10 * 60_000); // silent: offline
      await Promise.all([terminals(a), terminals(b)]);
      const again = heartbeatBody(T1, now.toISOString());
      expect((await post(round % 2 === 0 ? a : b, terminal, HEARTBEAT_PATH, again)).status).toBe(
        200,
      );
      await Promise.all([terminals(a), terminals(b)]);
    }
    const history = (await (
      await fetch(`${a.url}/api/v1/terminals/${T1}/presence`)
    ).json()) as PresenceHistory;
    expect(history.changes.map((c) => c.presence).reverse()).toEqual([
      'online',
      'offline',
      'online',
      'offline',
      'online',
      'offline',
      'online',
    ]);
    expect((await terminals(b))[0]?.presence).toBe('online');

    // A monitoring session opened at one instance is good at the other (secret and session
    // are in the database).
    const at = (centre: RunningCentral) => ({ url: centre.url, adminToken: ADMIN_TOKEN });
    expect(
      (await createAccount(at(a), { user: 'xz-staff', role: 'viewer', region: '1409' })).status,
    ).toBe(201);
    const cookie = await login(at(a), 'xz-staff');
    expect((await getAs(at(b), cookie, MONITOR_SESSION_PATH)).status).toBe(200);
  });
});
