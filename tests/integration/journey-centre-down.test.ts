import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAgent, type Agent } from '@bianmin/device-agent';
import {
  captureLogger,
  makeTempDir,
  openNetworkSwitch,
  type NetworkSwitch,
} from '@bianmin/common/testing';
import type { TerminalOverview } from '@bianmin/contract';
import { defaultTerminalConfig, startTestCentre, type TestCentre } from './support.js';

describe('the ticket journey while the centre is unreachable', () => {
  let agent: Agent | undefined;
  let central: TestCentre | undefined;
  // The agent's only way to the centre: cut until the centre comes up.
  let link: NetworkSwitch;

  beforeEach(async () => {
    link = await openNetworkSwitch();
  });
  afterEach(async () => {
    await agent?.close();
    await central?.close();
    await link.close();
    agent = undefined;
    central = undefined;
  });

  it('prints the ticket, keeps the event in the outbox, and delivers it exactly once when the centre returns', async () => {
    const config = defaultTerminalConfig();
    const centreUrl = link.url;
    const dataDir = makeTempDir('agent').path;
    const { logger } = captureLogger('device-agent');
    // The centre runs, but the link to it stays cut until the agent has worked offline.
    central = await startTestCentre('central');
    const enrolmentToken = await central.enrolmentToken();
    agent = await buildAgent({ ...config, dataDir, logger, centreUrl, enrolmentToken });
    const agentUrl = await agent.server.listen({ port: 0, host: '127.0.0.1' });

    // The resident's journey over real HTTP, with the centre down.
    const reply = await fetch(`${agentUrl}/api/v1/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        requestId: 'session-0001-aaaa',
        serviceId: 'social-security',
        priority: true,
        durationMs: 15_000,
      }),
    });
    expect(reply.status).toBe(201);
    const issued = (await reply.json()) as { ticket: { number: string }; print: { ok: boolean } };
    expect(issued.ticket.number).toMatch(/^A\d{3}$/);
    expect(issued.print).toEqual({ ok: true });

    const offline = await agent.uploader.uploadOnce();
    expect(offline.ok).toBe(false);
    expect(agent.uploader.status().pending).toBeGreaterThanOrEqual(1);

    link.connectTo(Number(new URL(central.url).port));

    expect((await agent.uploader.uploadOnce()).ok).toBe(true);
    expect((await agent.uploader.heartbeatOnce()).ok).toBe(true);
    // A second upload finds nothing new; the centre still counts the ticket once.
    await agent.uploader.uploadOnce();
    expect(agent.uploader.status().pending).toBe(0);

    const rows = (await (
      await fetch(`${centreUrl}/api/v1/terminals`)
    ).json()) as TerminalOverview[];
    expect(rows).toHaveLength(1);
    expect(rows[0]!.presence).not.toBe('unknown');
    expect(rows[0]!.today.ticketsByService).toEqual([
      expect.objectContaining({ serviceId: 'social-security', count: 1 }),
    ]);
  });

  it('keeps numbering across a restart of the agent (numbers are never reused within a day)', async () => {
    const config = defaultTerminalConfig();
    const dataDir = makeTempDir('agent-restart').path;
    const centreUrl = link.url;
    const issue = async (a: Agent) => {
      const r = await a.server.inject({
        method: 'POST',
        url: '/api/v1/tickets',
        payload: {
          requestId: `restart-${Math.random().toString(36).slice(2, 10)}`,
          serviceId: 'medical-insurance',
          priority: false,
          durationMs: 1000,
        },
      });
      return (r.json() as { ticket: { number: string } }).ticket.number;
    };
    agent = await buildAgent({ ...config, dataDir, logger: captureLogger('a').logger, centreUrl });
    const first = await issue(agent);
    await agent.close();
    agent = await buildAgent({ ...config, dataDir, logger: captureLogger('b').logger, centreUrl });
    const second = await issue(agent);
    expect(Number(second.slice(1))).toBe(Number(first.slice(1)) + 1);
    // Both events are still waiting in the outbox after the restart.
    expect(agent.uploader.status().pending).toBeGreaterThanOrEqual(2);
  });

  it('answers a retried request with the ticket already issued: one number, one event, one slip', async () => {
    const config = defaultTerminalConfig();
    agent = await buildAgent({
      ...config,
      dataDir: makeTempDir('agent-retry').path,
      logger: captureLogger('retry').logger,
      centreUrl: link.url,
    });
    const request = {
      method: 'POST' as const,
      url: '/api/v1/tickets',
      payload: {
        requestId: 'session-retry-0001',
        serviceId: 'social-security',
        priority: false,
        durationMs: 9000,
      },
    };
    const first = (await agent.server.inject(request)).json() as { ticket: { number: string } };
    const pending = agent.uploader.status().pending;
    const again = await agent.server.inject(request);
    expect(again.statusCode).toBe(201);
    expect((again.json() as { ticket: { number: string } }).ticket.number).toBe(
      first.ticket.number,
    );
    expect(agent.uploader.status().pending).toBe(pending);
    const state = (
      await agent.server.inject({ method: 'GET', url: '/api/v1/dev/state' })
    ).json() as {
      receipts: { text: string }[];
    };
    expect(state.receipts.filter((r) => r.text.includes(first.ticket.number))).toHaveLength(1);
  });
});
