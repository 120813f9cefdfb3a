import { afterEach, describe, expect, it } from 'vitest';
import { buildAgent, type Agent } from '@bianmin/device-agent';
import { captureLogger, eventsNamed, makeTempDir } from '@bianmin/common/testing';
import type { TerminalOverview } from '@bianmin/contract';
import { defaultTerminalConfig, startTestCentre, type TestCentre } from './support.js';

/** A terminal whose clock battery died: it boots on 1 January 2000 and runs on from there. */
const DEAD_CLOCK_START = Date.parse('2000-01-01T00:00:00Z');

describe('a terminal whose clock is before the build date', () => {
  let agent: Agent | undefined;
  let central: TestCentre | undefined;
  afterEach(async () => {
    await agent?.close();
    await central?.close();
  });

  it('enrols, reports and delivers its ticket, which the centre counts once on the day it received it', async () => {
    const config = defaultTerminalConfig();
    const { logger, lines } = captureLogger('device-agent');
    central = await startTestCentre('dead-clock');
    const enrolmentToken = await central.enrolmentToken();
    const bootedAt = Date.now();
    const now = () => new Date(DEAD_CLOCK_START + (Date.now() - bootedAt));
    agent = await buildAgent({
      ...config,
      dataDir: makeTempDir('agent-dead-clock').path,
      logger,
      centreUrl: central.url,
      enrolmentToken,
      now,
    });
    const agentUrl = await agent.server.listen({ port: 0, host: '127.0.0.1' });
    await agent.start();
    expect(eventsNamed(lines, 'agent.clock-unset')).toHaveLength(1);

    const reply = await fetch(`${agentUrl}/api/v1/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        requestId: 'session-dead-clock-1',
        serviceId: 'social-security',
        priority: false,
        durationMs: 5_000,
      }),
    });
    expect(reply.status).toBe(201);

    // Signed by the terminal's clock, 26 years off: the first request learns the centre's
    // time from its refusal, the retry is accepted (docs/protocol.md).
    let heartbeat = await agent.uploader.heartbeatOnce();
    if (!heartbeat.ok) heartbeat = await agent.uploader.heartbeatOnce();
    expect(heartbeat).toEqual({ ok: true, value: undefined });
    let upload = await agent.uploader.uploadOnce();
    if (!upload.ok) upload = await agent.uploader.uploadOnce();
    expect(upload.ok).toBe(true);
    await agent.uploader.uploadOnce();
    expect(agent.uploader.status().pending).toBe(0);

    const rows = (await (
      await fetch(`${central.url}/api/v1/terminals`)
    ).json()) as TerminalOverview[];
    expect(rows).toHaveLength(1);
    expect(rows[0]!.presence).not.toBe('unknown');
    // Today by the centre's clock, not 2000-01-01: counted once, where a planner looks.
    expect(rows[0]!.today.ticketsByService).toEqual([
      expect.objectContaining({ serviceId: 'social-security', count: 1 }),
    ]);
  });
});
