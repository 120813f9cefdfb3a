import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { TerminalOverview } from '@bianmin/contract';
import { captureLogger, eventsNamed, makeTempDir } from '@bianmin/common/testing';
import { buildAgent, type Agent } from '@bianmin/device-agent';
import { openTerminalDatabase } from '../../device-agent/src/queue/terminal-database.js';
import { defaultTerminalConfig, startTestCentre } from './support.js';

/**
 * A real full disk: a 4 MiB tmpfs holds the agent's data folder. Mounting needs root (as on
 * the project's machines and CI); elsewhere the test is skipped and says so in its name.
 */
const mountPoint = join(makeTempDir('storage-fault').path, 'disk');
mkdirSync(mountPoint);
const mounted =
  process.getuid?.() === 0 &&
  spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mountPoint]).status === 0;

const healthz = async (agent: Agent) => {
  const reply = await agent.server.inject({ method: 'GET', url: '/healthz' });
  return {
    status: reply.statusCode,
    storage: reply.json<{ devices: { storage: string } }>().devices.storage,
  };
};

/** Fills the disk to the last byte; returns the file to remove to free it again. */
function fillDisk(): string {
  const junk = join(mountPoint, 'junk');
  try {
    writeFileSync(junk, Buffer.alloc(8 * 1024 * 1024));
  } catch (error) {
    expect((error as { code?: string }).code).toBe('ENOSPC');
  }
  return junk;
}

describe('storage is a device', () => {
  afterAll(() => {
    if (mounted) spawnSync('umount', ['-l', mountPoint]);
  });

  it.skipIf(!mounted)(
    `${mounted ? '' : '(skipped: mounting a tmpfs needs root) '}a full disk is a fault at /healthz and at the centre, and clears by itself when space is freed`,
    async () => {
      const central = await startTestCentre('storage-central');
      const agent = await buildAgent({
        ...defaultTerminalConfig(),
        dataDir: join(mountPoint, 'agent'),
        logger: captureLogger('agent-storage').logger,
        centreUrl: central.url,
        enrolmentToken: await central.enrolmentToken(),
        healthIntervalMs: 10,
        storageThresholds: { fullBelowBytes: 256 * 1024, lowBelowBytes: 1024 * 1024 },
      });
      try {
        await agent.start();
        expect(await healthz(agent)).toEqual({ status: 200, storage: 'ready' });

        const junk = fillDisk();
        await vi.waitFor(
          async () => expect(await healthz(agent)).toEqual({ status: 503, storage: 'disk-full' }),
          {
            timeout: 10_000,
            interval: 20,
          },
        );
        const ticket = (requestId: string) =>
          agent.server.inject({
            method: 'POST',
            url: '/api/v1/tickets',
            payload: { requestId, serviceId: 'social-security', priority: false, durationMs: 1000 },
          });
        const refused = await ticket('storage-full-0001');
        expect(refused.statusCode).toBe(503);
        expect(refused.json()).toMatchObject({ error: 'out-of-service' });
        expect((await agent.uploader.heartbeatOnce()).ok).toBe(true);
        const [row] = (await (
          await fetch(`${central.url}/api/v1/terminals`)
        ).json()) as TerminalOverview[];
        expect(row).toMatchObject({ presence: 'degraded', devices: { storage: 'disk-full' } });

        rmSync(junk);
        await vi.waitFor(
          async () => expect(await healthz(agent)).toEqual({ status: 200, storage: 'ready' }),
          {
            timeout: 10_000,
            interval: 20,
          },
        );
        expect((await ticket('storage-back-0001')).statusCode).toBe(201);
      } finally {
        await agent.close();
        await central.close();
      }
    },
  );

  it.skipIf(!mounted)(
    `${mounted ? '' : '(skipped: mounting a tmpfs needs root) '}an agent started on a full disk serves out of service, and records the fault once space is freed`,
    async () => {
      const central = await startTestCentre('storage-full-start');
      const dataDir = join(mountPoint, 'agent-full-at-start');
      const log = captureLogger('agent-storage-full-start');
      // The database file is there already, as on a terminal whose disk filled while it ran.
      const agent = await buildAgent({
        ...defaultTerminalConfig(),
        dataDir,
        logger: log.logger,
        centreUrl: central.url,
        enrolmentToken: await central.enrolmentToken(),
        healthIntervalMs: 10,
        storageThresholds: { fullBelowBytes: 256 * 1024, lowBelowBytes: 1024 * 1024 },
      });
      const junk = fillDisk();
      try {
        // A start that failed here would leave systemd restarting an agent that never serves.
        await agent.start();
        expect(await healthz(agent)).toEqual({ status: 503, storage: 'disk-full' });
        expect(eventsNamed(log.lines, 'device.status-record-failed')).toContainEqual(
          expect.objectContaining({ error: 'SQLITE_FULL' }),
        );

        rmSync(junk);
        await vi.waitFor(
          async () => expect(await healthz(agent)).toEqual({ status: 200, storage: 'ready' }),
          { timeout: 10_000, interval: 20 },
        );
        const opened = openTerminalDatabase(join(dataDir, 'terminal.sqlite'));
        if (!opened.ok) throw new Error(opened.error.message);
        const storage = opened.value
          .prepare(
            `SELECT json_extract(payload, '$.state') FROM outbox
             WHERE type = 'device.status-changed' AND json_extract(payload, '$.device') = 'storage'
             ORDER BY seq`,
          )
          .pluck()
          .all();
        opened.value.close();
        expect(storage).toEqual(['disk-full', 'ready']);
      } finally {
        rmSync(junk, { force: true });
        await agent.close();
        await central.close();
      }
    },
  );
});
