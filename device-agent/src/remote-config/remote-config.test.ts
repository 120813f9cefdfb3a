import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { captureLogger, eventsNamed, makeTempDir } from '@bianmin/common/testing';
import type { Announcement, EmergencyWarning } from '@bianmin/contract';
import { ed25519 } from '@bianmin/sync/signing';
import { writeCentreConfigKey } from './centre-key.js';
import { checkDocument } from './check.js';
import { REMOTE_CONFIG_DIR } from './document-store.js';
import { createRemoteConfig } from './remote-config.js';
import { createSessionActivity } from './session-activity.js';
import { testCentre } from './test-documents.js';

const NOW = new Date('2026-03-02T02:00:00.000Z');
const warning: EmergencyWarning = {
  id: 'rainstorm',
  level: 'red',
  title: '暴雨红色预警',
  text: '请减少外出。',
  issuedAt: '2026-03-02T01:00:00.000Z',
  expiresAt: '2026-03-02T12:00:00.000Z',
};

describe('remote configuration on the terminal', () => {
  let centre: ReturnType<typeof testCentre>;
  let dataDir: string;
  let log: ReturnType<typeof captureLogger>;
  let shown: [EmergencyWarning[], Announcement[]][];
  let applied: number;
  const sessions = createSessionActivity({ now: () => NOW, staleAfterMs: 60_000 });

  beforeEach(() => {
    centre = testCentre();
    dataDir = makeTempDir('remote-config').path;
    writeCentreConfigKey(dataDir, centre.key);
    log = captureLogger();
    shown = [];
    applied = 0;
  });

  const manager = (fetch: ReturnType<typeof centre.reply>) =>
    createRemoteConfig({
      dataDir,
      terminalId: centre.local.terminal.terminalId,
      communityCode: centre.local.terminal.community.code,
      running: undefined,
      fetch,
      notices: { replace: (w, a) => shown.push([[...w], [...a]]) },
      sessions,
      applyAtIdle: () => (applied += 1),
      logger: log.logger,
      now: () => NOW,
    });
  const keptFile = () => {
    try {
      return readFileSync(join(dataDir, REMOTE_CONFIG_DIR, 'pending.json'), 'utf8');
    } catch {
      return undefined;
    }
  };

  it('keeps a valid newer document and shows its warnings at once', async () => {
    const signed = centre.sign({ version: 3, warnings: [warning] });
    const remote = manager(centre.reply(signed));
    await remote.available(3);
    expect(remote.version()).toBe(3);
    expect(shown).toEqual([[[warning], []]]);
    expect(JSON.parse(keptFile()!)).toEqual(signed);
    expect(eventsNamed(log.lines, 'agent.remote-config-accepted')).toEqual([
      expect.objectContaining({ version: 3, applies: 'now' }),
    ]);
    expect(applied).toBe(0);
  });

  const otherKey = ed25519.generate().privateKey;
  const broken = structuredClone(testCentre().local.services) as unknown as {
    services: Record<string, unknown>[];
  };
  broken.services[0]!.ticketPrefix = 'not a prefix';

  it.each([
    ['bad-signature', () => centre.sign({ version: 5 }, otherKey)],
    ['other-terminal', () => centre.sign({ version: 5, terminalId: 'T-140902001001-02' })],
    ['other-region', () => centre.sign({ version: 5, communityCode: '140902001002' })],
    ['not-newer', () => centre.sign({ version: 2 })],
    ['invalid-content', () => centre.sign({ version: 5, services: broken })],
    [
      'bad-signature',
      () => {
        const signed = centre.sign({ version: 5 });
        return { ...signed, document: signed.document.replace('"version":5', '"version":6') };
      },
    ],
    ['malformed', () => ({ document: centre.sign({ version: 5 }).document })],
  ] as const)(
    'refuses %s with a logged reason and keeps running its current version',
    async (reason, make) => {
      const first = manager(centre.reply(centre.sign({ version: 2, warnings: [warning] })));
      await first.available(2);
      const before = keptFile();
      shown = [];
      const remote = createRemoteConfig({
        dataDir,
        terminalId: centre.local.terminal.terminalId,
        communityCode: centre.local.terminal.community.code,
        running: checkOrThrow(before!),
        fetch: centre.reply(make() as never),
        notices: { replace: (w, a) => shown.push([[...w], [...a]]) },
        sessions,
        applyAtIdle: () => (applied += 1),
        logger: log.logger,
        now: () => NOW,
      });
      await remote.available(5);
      expect(remote.version()).toBe(2);
      expect(keptFile()).toBe(before);
      expect(shown).toEqual([]);
      const refused = eventsNamed(log.lines, 'agent.remote-config-refused');
      expect(refused).toEqual([expect.objectContaining({ reason, available: 5, running: 2 })]);
      // The same available version is not fetched again: one refusal line per version.
      let fetched = 0;
      const again = createRemoteConfig({
        dataDir,
        terminalId: centre.local.terminal.terminalId,
        communityCode: centre.local.terminal.community.code,
        running: checkOrThrow(before!),
        fetch: async () => {
          fetched += 1;
          return centre.reply(make() as never)();
        },
        notices: { replace: () => undefined },
        sessions,
        applyAtIdle: () => undefined,
        logger: log.logger,
        now: () => NOW,
      });
      await again.available(5);
      await again.available(5);
      expect(fetched).toBe(1);
      if (reason === 'invalid-content') {
        expect(refused[0]).toMatchObject({ where: 'services.services[0].ticketPrefix' });
      }
    },
  );

  it('refuses every document while no centre key is pinned', async () => {
    dataDir = makeTempDir('no-key').path;
    const remote = manager(centre.reply(centre.sign({ version: 4 })));
    await remote.available(4);
    expect(remote.version()).toBe(0);
    expect(keptFile()).toBeUndefined();
    expect(eventsNamed(log.lines, 'agent.remote-config-refused')).toEqual([
      expect.objectContaining({ reason: 'no-key' }),
    ]);
  });

  it('fetches the refused version again once a key is pinned without a restart', async () => {
    dataDir = makeTempDir('pinned-later').path;
    let fetched = 0;
    const reply = centre.reply(centre.sign({ version: 5 }));
    const remote = manager(async () => {
      fetched += 1;
      return reply();
    });
    await remote.available(5);
    // Still no key: one refusal line for the version, not one per heartbeat.
    await remote.available(5);
    expect(fetched).toBe(1);
    // The technician screen's enrolment pins the key while the agent runs.
    remote.pinKey(centre.key);
    await remote.available(5);
    await remote.available(5);
    expect(fetched).toBe(2);
    expect(remote.version()).toBe(5);
    expect(eventsNamed(log.lines, 'agent.remote-config-accepted')).toEqual([
      expect.objectContaining({ version: 5 }),
    ]);
  });

  it('waits for the resident session to end before restarting for a new catalogue', async () => {
    const services = structuredClone(centre.local.services);
    services.services[0]!.name['zh-CN'] = '社保业务（新）';
    const remote = manager(centre.reply(centre.sign({ version: 7, services })));
    remote.start();
    sessions.started();
    await remote.available(7);
    expect(eventsNamed(log.lines, 'agent.remote-config-accepted')).toEqual([
      expect.objectContaining({ version: 7, applies: 'at-idle' }),
    ]);
    // Still the version the agent started with: the catalogue is not in effect yet.
    expect(remote.version()).toBe(0);
    expect(applied).toBe(0);
    sessions.ended();
    expect(applied).toBe(1);
    expect(eventsNamed(log.lines, 'agent.remote-config-applied')).toHaveLength(1);
  });

  function checkOrThrow(text: string) {
    const checked = checkDocument(JSON.parse(text), {
      key: centre.key,
      terminalId: centre.local.terminal.terminalId,
      communityCode: centre.local.terminal.community.code,
      newerThan: undefined,
    });
    if (!checked.ok) throw new Error(checked.error.message);
    return checked.value;
  }
});
