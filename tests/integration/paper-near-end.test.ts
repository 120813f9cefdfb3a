import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildAgent, type Agent } from '@bianmin/device-agent';
import { captureLogger, makeTempDir } from '@bianmin/common/testing';
import type { TerminalOverview } from '@bianmin/contract';
import { defaultTerminalConfig, startTestCentre, type TestCentre } from './support.js';

describe('a nearly empty paper roll', () => {
  let agent: Agent | undefined;
  let central: TestCentre | undefined;
  afterEach(async () => {
    await agent?.close();
    await central?.close();
  });

  it('reaches the centre as a warning: labelled on its page, the terminal stays online', async () => {
    central = await startTestCentre('central-paper');
    const log = captureLogger('agent-paper');
    agent = await buildAgent({
      ...defaultTerminalConfig(),
      dataDir: makeTempDir('agent-paper').path,
      logger: log.logger,
      centreUrl: central.url,
      enrolmentToken: await central.enrolmentToken(),
      healthIntervalMs: 10,
    });
    await agent.start();

    const set = await agent.server.inject({
      method: 'POST',
      url: '/api/v1/dev/printer',
      payload: { paper: 'near-end' },
    });
    expect(set.statusCode).toBe(200);
    const a = agent;
    await vi.waitFor(
      async () => {
        const health = (await a.server.inject({ method: 'GET', url: '/healthz' })).json() as {
          devices: Record<string, string>;
        };
        expect(health.devices.printer).toBe('paper-near-end');
      },
      { timeout: 10_000, interval: 20 },
    );

    // The status event and the heartbeat both carry it; the centre accepts both.
    expect((await agent.uploader.uploadOnce()).ok).toBe(true);
    expect((await agent.uploader.heartbeatOnce()).ok).toBe(true);
    expect(agent.uploader.status().pending).toBe(0);
    const changes = log.lines;
    expect(changes).toContainEqual(
      expect.objectContaining({ event: 'device.status-changed', state: 'paper-near-end' }),
    );

    const rows = (await (
      await fetch(`${central.url}/api/v1/terminals`)
    ).json()) as TerminalOverview[];
    expect(rows[0]).toMatchObject({ presence: 'online', devices: { printer: 'paper-near-end' } });
    const page = await (await fetch(`${central.url}/`)).text();
    expect(page).toContain('打印机：纸将用尽');
  });
});
