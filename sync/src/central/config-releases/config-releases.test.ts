import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureLogger, eventsNamed } from '@bianmin/common/testing';
import { DEFAULT_CONFIG_DIR } from '@bianmin/config';
import {
  ADMIN_CONFIG_RELEASES_PATH,
  CONFIG_PATH,
  HEARTBEAT_PATH,
  type ConfigDocument,
  type EmergencyWarning,
  type SignedConfig,
} from '@bianmin/contract';
import { ed25519 } from '../../signing/index.js';
import { startCentralHarness, type CentralHarness } from '../../testing/central-harness.js';
import { heartbeatBody, snapshot } from '../../testing/fixtures.js';
import { TEST_STORAGES, openTestStores, type TestStores } from '../../testing/test-stores.js';
import type { ConfigReleaseStore } from './config-release-store.js';
import { scopesCovering } from './scopes.js';

const NOW = '2026-03-02T02:00:00.000Z';
const T1 = 'xz-xfl-001';
const T2 = 'xz-xfl-002';
const COMMUNITY = snapshot().terminal.community.code; // 140902001001

export const catalogue = (): { services: { id: string; name: Record<string, string> }[] } =>
  JSON.parse(readFileSync(join(DEFAULT_CONFIG_DIR, 'services.json'), 'utf8')) as never;

export function warning(id: string, expiresAt = '2026-03-02T12:00:00.000Z'): EmergencyWarning {
  return {
    id,
    level: 'red',
    title: '暴雨红色预警',
    text: '请减少外出，远离低洼地带。',
    issuedAt: NOW,
    expiresAt,
  };
}

describe.each(TEST_STORAGES)('the config release store on %s', (storage) => {
  let opened: TestStores;
  let store: ConfigReleaseStore;
  beforeEach(async () => {
    opened = await openTestStores(storage);
    store = opened.stores.configReleases;
  });
  afterEach(() => opened.close());

  it('keeps the latest content per scope and part under versions that only grow', async () => {
    const scopes = scopesCovering(T1, COMMUNITY);
    expect(await store.latestVersion(scopes)).toBe(0);
    const v1 = await store.publish('region:14', { serviceHours: [1], warnings: [] }, new Date(NOW));
    const v2 = await store.publish('terminal:xz-xfl-001', { serviceHours: [2] }, new Date(NOW));
    const v3 = await store.publish('region:14', { serviceHours: null }, new Date(NOW));
    expect(v2).toBeGreaterThan(v1);
    expect(v3).toBeGreaterThan(v2);
    // Another terminal's scope and an unrelated region are not this terminal's.
    await store.publish('terminal:other', { warnings: [] }, new Date(NOW));
    await store.publish('region:11', { warnings: [] }, new Date(NOW));
    expect(await store.latestVersion(scopes)).toBe(v3);
    expect(await store.parts(scopes)).toEqual([
      { scope: 'region:14', part: 'warnings', content: [], version: v1 },
      { scope: 'terminal:xz-xfl-001', part: 'serviceHours', content: [2], version: v2 },
      { scope: 'region:14', part: 'serviceHours', content: null, version: v3 },
    ]);
  });

  it('makes the signing key once, the same for every instance on the database', async () => {
    const first = await store.signingKey(() => 'first');
    expect(await store.signingKey(() => 'second')).toBe(first);
    expect(first).toBe('first');
  });

  it('records the version each terminal says it runs', async () => {
    expect(await store.running(T1)).toBeNull();
    await store.noteRunning(T1, 3, new Date(NOW));
    await store.noteRunning(T1, 4, new Date('2026-03-02T02:01:00.000Z'));
    expect(await store.running(T1)).toEqual({ version: 4, reportedAt: '2026-03-02T02:01:00.000Z' });
  });
});

describe('publishing and fetching configuration', () => {
  let centre: CentralHarness;
  let log: ReturnType<typeof captureLogger>;
  beforeEach(async () => {
    log = captureLogger();
    centre = await startCentralHarness({ now: NOW, logger: log.logger });
  });
  afterEach(() => centre.close());

  const publish = (body: unknown, token = centre.adminToken) =>
    fetch(centre.url + ADMIN_CONFIG_RELEASES_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
  const fetchDocument = async (terminalId = T1) => {
    const res = await centre.post(CONFIG_PATH, { terminalId, running: 0 });
    expect(res.status).toBe(200);
    return (await res.json()) as SignedConfig;
  };

  it('composes, per terminal, the narrowest scope per part and every live notice, signed', async () => {
    const wide = catalogue();
    const narrow = catalogue();
    narrow.services[0]!.name['zh-CN'] = '社保业务（本机）';
    expect((await publish({ scope: { region: '14' }, services: wide })).status).toBe(201);
    await publish({ scope: { region: '140902' }, warnings: [warning('flood')] });
    await publish({
      scope: { region: '140902001001' },
      warnings: [
        { ...warning('old', '2026-03-02T01:00:00.000Z'), issuedAt: '2026-03-01T20:00:00.000Z' },
      ],
      announcements: [
        { id: 'water', text: '周三停水', startsAt: NOW, expiresAt: '2026-03-05T00:00:00.000Z' },
      ],
    });
    const last = await publish({ scope: { terminalId: T1 }, services: narrow });
    const { version } = (await last.json()) as { version: number };
    await centre.enrolTerminal(T2);

    const signed = await fetchDocument();
    const document = JSON.parse(signed.document) as ConfigDocument;
    expect(document).toMatchObject({ terminalId: T1, communityCode: COMMUNITY, version });
    expect((document.services as typeof narrow).services[0]!.name['zh-CN']).toBe(
      '社保业务（本机）',
    );
    // The expired warning is dropped; the county's reaches the community's terminal.
    expect(document.warnings.map((w) => w.id)).toEqual(['flood']);
    expect(document.announcements.map((a) => a.id)).toEqual(['water']);
    // The other terminal in the same community gets the province's catalogue.
    const other = JSON.parse((await fetchDocument(T2)).document) as ConfigDocument;
    expect((other.services as typeof wide).services[0]!.name['zh-CN']).toBe('社保业务');
    expect(eventsNamed(log.lines, 'central.config-sent')).toHaveLength(2);
  });

  it('signs the exact document text with the key it gives terminals at enrolment', async () => {
    await publish({ scope: { region: '14' }, warnings: [warning('flood')] });
    const signed = await fetchDocument();
    const preview = await fetch(`${centre.url}/api/v1/admin/terminals/${T1}/config`, {
      headers: { authorization: `Bearer ${centre.adminToken}` },
    });
    expect(((await preview.json()) as { document: ConfigDocument }).document.version).toBe(
      (JSON.parse(signed.document) as ConfigDocument).version,
    );
    expect(signed.algorithm).toBe('ed25519');
    expect(centre.configKey.algorithm).toBe('ed25519');
    const bytes = Buffer.from(signed.document, 'utf8');
    expect(ed25519.verify(centre.configKey.publicKey, bytes, signed.signature)).toBe(true);
    const tampered = Buffer.from(signed.document.replace('暴雨', '大风'), 'utf8');
    expect(ed25519.verify(centre.configKey.publicKey, tampered, signed.signature)).toBe(false);
  });

  it('says in the heartbeat reply which version is available and records the one running', async () => {
    const hb = async (configVersion?: number) => {
      const res = await centre.post(HEARTBEAT_PATH, {
        ...heartbeatBody(T1, NOW),
        ...(configVersion !== undefined && { configVersion }),
      });
      return (await res.json()) as { config?: { version: number } };
    };
    expect((await hb()).config).toBeUndefined();
    const reply = await publish({ scope: { region: '1409' }, warnings: [warning('flood')] });
    const { version } = (await reply.json()) as { version: number };
    expect((await hb(0)).config).toEqual({ version });
    await hb(version);
    expect(await centre.stores.configReleases.running(T1)).toMatchObject({ version });
  });

  it('withdraws a warning with a release that sets the scope warnings without it', async () => {
    await publish({ scope: { region: '14' }, warnings: [warning('flood'), warning('wind')] });
    await publish({ scope: { region: '14' }, warnings: [warning('wind')] });
    const document = JSON.parse((await fetchDocument()).document) as ConfigDocument;
    expect(document.warnings.map((w) => w.id)).toEqual(['wind']);
  });

  it('refuses an invalid release with where and how, storing nothing', async () => {
    const broken = catalogue();
    (broken.services[0] as Record<string, unknown>).ticketPrefix = 'a lower-case prefix';
    const cases: [unknown, string][] = [
      [{ scope: { region: '14' }, services: broken }, 'services.services[0].ticketPrefix'],
      [{ scope: { region: '14' }, serviceHours: [] }, 'serviceHours'],
      [
        {
          scope: { region: '14' },
          closures: [{ from: '2026-03-05', to: '2026-03-04', reason: '检修' }],
        },
        'closures.[0].to',
      ],
      [
        { scope: { region: '14' }, warnings: [warning('flood', '2026-03-01T00:00:00.000Z')] },
        'warnings[0].expiresAt',
      ],
      [{ scope: { region: '14' }, warnings: [warning('a'), warning('a')] }, 'warnings[1].id'],
    ];
    for (const [body, where] of cases) {
      const res = await publish(body);
      expect(res.status).toBe(400);
      const reply = (await res.json()) as { error: string; where: string; message: string };
      expect(reply.error).toBe('invalid-release');
      expect(reply.where.replace('closures[0]', 'closures.[0]')).toBe(where);
    }
    const scope = await publish({ scope: { region: '1' }, warnings: [] });
    expect(scope.status).toBe(400);
    expect((await publish({ scope: { region: '14' } }, 'wrong')).status).toBe(401);
    expect(await centre.stores.configReleases.latestVersion(scopesCovering(T1, COMMUNITY))).toBe(0);
    expect(eventsNamed(log.lines, 'central.config-release-refused')).toHaveLength(cases.length);
  });
});
