import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { captureLogger, eventsNamed, makeTempDir } from '@bianmin/common/testing';
import type { TerminalConfigSet } from '@bianmin/config';
import { writeCentreConfigKey } from './centre-key.js';
import { createDocumentStore, REMOTE_CONFIG_DIR } from './document-store.js';
import { superviseAgent, type RemoteStart } from './supervisor.js';
import { testCentre } from './test-documents.js';

interface FakeAgent {
  config: TerminalConfigSet;
  remote: RemoteStart;
  start(): Promise<void>;
  close(): Promise<void>;
}

describe('starting the agent with the kept remote configuration', () => {
  let centre: ReturnType<typeof testCentre>;
  let dataDir: string;
  let log: ReturnType<typeof captureLogger>;
  beforeEach(() => {
    centre = testCentre();
    dataDir = makeTempDir('supervisor').path;
    writeCentreConfigKey(dataDir, centre.key);
    log = captureLogger();
  });

  const renamed = (name: string) => {
    const services = structuredClone(centre.local.services);
    services.services[0]!.name['zh-CN'] = name;
    return services;
  };
  const slot = (name: string) => {
    try {
      return JSON.parse(readFileSync(join(dataDir, REMOTE_CONFIG_DIR, `${name}.json`), 'utf8')) as {
        document: string;
      };
    } catch {
      return undefined;
    }
  };
  const supervise = (
    refuse: (config: TerminalConfigSet) => boolean,
    onRestarted?: (agent: FakeAgent) => void,
  ) =>
    superviseAgent<FakeAgent>({
      ...(onRestarted && { onRestarted }),
      local: centre.local,
      dataDir,
      logger: log.logger,
      build: async (config, remote) => {
        if (refuse(config)) throw new Error('the agent cannot start with this catalogue');
        return { config, remote, start: async () => undefined, close: async () => undefined };
      },
      listen: async () => undefined,
      onFatal: (error) => {
        throw error;
      },
    });
  const firstName = (agent: FakeAgent) => agent.config.services.services[0]!.name['zh-CN'];

  it('lays the current document over the local files', async () => {
    const store = createDocumentStore(dataDir);
    store.accept(
      centre.sign({
        version: 4,
        services: renamed('新名字'),
        serviceHours: [{ days: [6, 7], open: '09:00', close: '12:00' }],
      }),
    );
    const running = await supervise(() => false);
    expect(firstName(running.agent())).toBe('新名字');
    expect(running.agent().config.terminal.serviceHours).toEqual([
      { days: [6, 7], open: '09:00', close: '12:00' },
    ]);
    expect(running.agent().remote.running?.document.version).toBe(4);
  });

  it('goes back to the previous document when the agent cannot start with the current one', async () => {
    const store = createDocumentStore(dataDir);
    store.accept(centre.sign({ version: 4, services: renamed('第四版') }));
    store.accept(centre.sign({ version: 5, services: renamed('坏的第五版') }));
    const running = await supervise(
      (config) => firstName({ config } as FakeAgent) === '坏的第五版',
    );
    expect(firstName(running.agent())).toBe('第四版');
    expect(eventsNamed(log.lines, 'agent.remote-config-rolled-back')).toEqual([
      expect.objectContaining({ version: 5, to: 4, reason: 'start-failed' }),
    ]);
    expect(JSON.parse(slot('current')!.document)).toMatchObject({ version: 4 });
    // Kept as failed, so the same version is never taken again (remote-config.ts).
    expect(JSON.parse(slot('failed')!.document)).toMatchObject({ version: 5 });
  });

  it('sets aside a stored document that no longer passes its checks, down to the local files', async () => {
    const store = createDocumentStore(dataDir);
    const signed = centre.sign({ version: 6, services: renamed('被改过') });
    store.accept({ ...signed, document: signed.document.replace('被改过', '改过了') });
    const running = await supervise(() => false);
    expect(running.agent().config.services).toEqual(centre.local.services);
    expect(running.agent().remote.running).toBeUndefined();
    expect(eventsNamed(log.lines, 'agent.remote-config-rolled-back')).toEqual([
      expect.objectContaining({ version: 6, to: 0, reason: 'invalid', detail: 'bad-signature' }),
    ]);
  });

  it('restarts in place with the newest kept document when asked at an idle moment', async () => {
    let restarted: (agent: FakeAgent) => void = () => undefined;
    const next = new Promise<FakeAgent>((resolve) => {
      restarted = resolve;
    });
    const running = await supervise(
      () => false,
      (agent) => restarted(agent),
    );
    const first = running.agent();
    expect(first.remote.running).toBeUndefined();
    createDocumentStore(dataDir).accept(centre.sign({ version: 8, services: renamed('第八版') }));
    first.remote.applyAtIdle();
    expect(firstName(await next)).toBe('第八版');
    expect(running.agent()).toBe(await next);
  });
});
