import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { TerminalOverview } from '@bianmin/contract';
import { captureLogger, makeTempDir } from '@bianmin/common/testing';
import { buildAgent } from '@bianmin/device-agent';
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
        const healthz = async () => {
          const reply = await agent.server.inject({ method: 'GET', url: '/healthz' });
          return {
            status: reply.statusCode,
            storage: reply.json<{ devices: { storage: string } }>().devices.storage,
          };
        };
        expect(await healthz()).toEqual({ status: 200, storage: 'ready' });

        // Fill the disk to the last byte.
        const junk = join(mountPoint, 'junk');
        try {
          writeFileSync(junk, Buffer.alloc(8 * 1024 * 1024));
        } catch (error) {
          expect((error as { code?: string }).code).toBe('ENOSPC');
        }
        await vi.waitFor(
          async () => expect(await healthz()).toEqual({ status: 503, storage: 'disk-full' }),
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
          async () => expect(await healthz()).toEqual({ status: 200, storage: 'ready' }),
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
});
