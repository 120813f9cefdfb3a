import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { captureLogger, eventsNamed, makeTempDir } from '@bianmin/common/testing';
import type { TerminalConfigSet } from '@bianmin/config';
import { writeCentreConfigKey } from './centre-key.js';
import { createDocumentStore, REMOTE_CONFIG_DIR } from './document-store.js';
import { superviseAgent, type RemoteStart } from './supervisor.js';
import { testCentre } from './test-documents.js';

// A full disk, for the writes of one test; every other call is the real one.
const failWrites = vi.hoisted(() => ({ on: false }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    writeSync: (...args: Parameters<typeof fs.writeSync>) => {
      if (failWrites.on) {
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), {
          code: 'ENOSPC',
        });
      }
      return fs.writeSync(...args);
    },
  };
});

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

  it('goes back to the document it last started with, never to one kept that never ran', async () => {
    const store = createDocumentStore(dataDir);
    store.accept(centre.sign({ version: 4, services: renamed('第四版') }));
    const bad = new Set(['第五版', '第六版']);
    let restarted: (agent: FakeAgent) => void = () => undefined;
    const running = await supervise(
      (config) => bad.has(firstName({ config } as FakeAgent)),
      (agent) => restarted(agent),
    );
    expect(firstName(running.agent())).toBe('第四版');
    // Both kept while a resident was busy; neither ever ran.
    store.accept(centre.sign({ version: 5, services: renamed('第五版') }));
    store.accept(centre.sign({ version: 6, services: renamed('第六版') }));
    const next = new Promise<FakeAgent>((resolve) => {
      restarted = resolve;
    });
    running.agent().remote.applyAtIdle();
    expect(firstName(await next)).toBe('第四版');
    expect(eventsNamed(log.lines, 'agent.remote-config-rolled-back')).toEqual([
      expect.objectContaining({ version: 6, to: 4, reason: 'start-failed' }),
    ]);
    expect(JSON.parse(slot('current')!.document)).toMatchObject({ version: 4 });
    // The version it could not start with, so the next heartbeat does not fetch it again.
    expect(JSON.parse(slot('failed')!.document)).toMatchObject({ version: 6 });
  });

  it('keeps the highest version it could not start with', async () => {
    const store = createDocumentStore(dataDir);
    store.accept(centre.sign({ version: 4, services: renamed('第四版') }));
    const failed = JSON.stringify(centre.sign({ version: 6 }));
    writeFileSync(join(dataDir, REMOTE_CONFIG_DIR, 'failed.json'), failed);
    const running = await supervise((config) => firstName({ config } as FakeAgent) === '第四版');
    expect(running.agent().remote.running).toBeUndefined();
    expect(JSON.parse(slot('failed')!.document)).toMatchObject({ version: 6 });
  });

  it('keeps the document it runs when the next cannot be written', async () => {
    const store = createDocumentStore(dataDir);
    store.accept(centre.sign({ version: 3, services: renamed('第三版') }));
    await (await supervise(() => false)).close();
    failWrites.on = true;
    try {
      expect(store.accept(centre.sign({ version: 4, services: renamed('第四版') }))).toMatchObject({
        ok: false,
      });
    } finally {
      failWrites.on = false;
    }
    expect(readdirSync(join(dataDir, REMOTE_CONFIG_DIR)).filter((f) => f.endsWith('.new'))).toEqual(
      [],
    );
    const running = await supervise(() => false);
    expect(firstName(running.agent())).toBe('第三版');
  });

  it('rethrows a fault the local files share, leaving the kept documents as they were', async () => {
    createDocumentStore(dataDir).accept(centre.sign({ version: 7, services: renamed('第七版') }));
    // A damaged terminal key or a newer release's database: no configuration starts.
    await expect(supervise(() => true)).rejects.toThrow('cannot start');
    expect(eventsNamed(log.lines, 'agent.remote-config-rolled-back')).toEqual([]);
    expect(slot('failed')).toBeUndefined();
    // The operator repairs the fault: the document starts.
    const running = await supervise(() => false);
    expect(firstName(running.agent())).toBe('第七版');
  });

  it('keeps the documents for later when the centre key file is missing at start', async () => {
    createDocumentStore(dataDir).accept(centre.sign({ version: 7, services: renamed('第七版') }));
    rmSync(join(dataDir, 'centre-config-key.json'));
    const withoutKey = await supervise(() => false);
    expect(withoutKey.agent().remote.running).toBeUndefined();
    expect(eventsNamed(log.lines, 'agent.remote-config-unchecked')).toEqual([
      expect.objectContaining({ version: 7 }),
    ]);
    expect(eventsNamed(log.lines, 'agent.remote-config-rolled-back')).toEqual([]);
    await withoutKey.close();
    writeCentreConfigKey(dataDir, centre.key);
    const running = await supervise(() => false);
    expect(firstName(running.agent())).toBe('第七版');
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
