import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAgent, type Agent } from '@bianmin/device-agent';
import type { TerminalCredentials } from '@bianmin/sync/terminal-identity';
import { signedFetch } from '../../sync/src/testing/enrol.js';
import { captureLogger, makeTempDir } from '@bianmin/common/testing';
import { defaultTerminalConfig, startTestCentre, type TestCentre } from './support.js';

interface Reply {
  status: number;
  body: unknown;
}

describe('the agent and the centre refuse bad requests with one reply shape', () => {
  let agent: Agent;
  let central: TestCentre;
  let terminal: TerminalCredentials;
  beforeAll(async () => {
    central = await startTestCentre('central-errors');
    terminal = await central.enrolTerminal('xz-xfl-001');
    agent = await buildAgent({
      ...defaultTerminalConfig(),
      dataDir: makeTempDir('agent-errors').path,
      logger: captureLogger('agent-errors').logger,
      centreUrl: central.url,
    });
  });
  afterAll(async () => {
    await agent.close();
    await central.close();
  });

  const toAgent = async (url: string, payload: string): Promise<Reply> => {
    const reply = await agent.server.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json' },
      payload,
    });
    return { status: reply.statusCode, body: reply.json() };
  };
  const toCentre = async (path: string, payload: string): Promise<Reply> => {
    // Signed, so the centre gets as far as reading the body.
    const reply = await signedFetch(central.url, path, terminal, Buffer.from(payload));
    return { status: reply.status, body: await reply.json() };
  };

  it('names the offending field for a schema violation', async () => {
    const agentReply = await toAgent('/api/v1/staff-call', JSON.stringify({ screen: 7 }));
    const at = '2026-03-02T09:59:00+08:00';
    const event = { seq: 1, type: 'staff.called', createdAt: at, payload: { screen: 7 } };
    const centreReply = await toCentre(
      '/api/v1/events',
      JSON.stringify({ terminalId: 'xz-xfl-001', sentAt: at, events: [event] }),
    );
    expect(agentReply).toEqual({
      status: 400,
      body: { error: 'bad-request', message: 'screen must be a string', where: 'screen' },
    });
    expect(centreReply).toEqual({
      status: 400,
      body: {
        error: 'bad-request',
        message: 'events[0].payload.screen must be a string',
        where: 'events[0].payload.screen',
      },
    });
  });

  it('answers malformed JSON identically, pointing at the body', async () => {
    const expected = {
      status: 400,
      body: { error: 'bad-request', message: 'body is not valid JSON', where: 'body' },
    };
    expect(await toAgent('/api/v1/tickets', '{"serviceId": ')).toEqual(expected);
    expect(await toCentre('/api/v1/events', '{"terminalId": ')).toEqual(expected);
  });

  it('answers an unknown API route with a JSON 404 in the same shape', async () => {
    const reply = await agent.server.inject({ method: 'GET', url: '/api/v1/nope' });
    expect(reply.statusCode).toBe(404);
    expect(reply.json()).toEqual({ error: 'not-found', message: 'no route for GET /api/v1/nope' });
  });
});
