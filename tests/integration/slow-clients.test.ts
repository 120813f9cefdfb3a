import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerLimits } from '@bianmin/contract/server';
import { captureLogger, makeTempDir, openNetworkSwitch } from '@bianmin/common/testing';
import { buildAgent, type Agent } from '@bianmin/device-agent';
import {
  startCentralHarness,
  type CentralHarness,
} from '../../sync/src/testing/central-harness.js';
import { defaultTerminalConfig } from './support.js';

/** Short limits so the test is quick; production uses DEFAULT_SERVER_LIMITS (10 s, 75 s). */
const LIMITS: ServerLimits = { requestTimeoutMs: 300, idleTimeoutMs: 5_000, checkEveryMs: 100 };
const HALF_SENT = 50;

/** Opens a socket, sends the start of a request and never the rest; resolves when it closes. */
function halfSend(url: string, path: string): Promise<void> {
  const { hostname, port } = new URL(url);
  return new Promise((closed) => {
    const socket: Socket = connect(Number(port), hostname, () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"`,
      );
    });
    // Read (and drop) the server's 408: an unread socket never sees the server's close.
    socket.resume();
    socket.on('error', () => undefined);
    socket.once('close', () => closed());
  });
}

describe('clients that send half a request and stall', () => {
  let agent: Agent;
  let agentUrl: string;
  let centre: CentralHarness;
  const noCentre = openNetworkSwitch();
  beforeAll(async () => {
    centre = await startCentralHarness({ limits: LIMITS });
    agent = await buildAgent({
      ...defaultTerminalConfig(),
      dataDir: makeTempDir('slow-clients').path,
      logger: captureLogger('agent-slow').logger,
      centreUrl: (await noCentre).url,
      limits: LIMITS,
    });
    agentUrl = await agent.server.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await agent.close();
    await centre.close();
    await (await noCentre).close();
  });

  it('are cut off by the centre, which keeps answering everyone else', async () => {
    const stalled = Array.from({ length: HALF_SENT }, () => halfSend(centre.url, '/api/v1/events'));
    expect((await centre.get('/healthz')).status).toBe(200);
    await Promise.all(stalled); // every socket closed by the server; none left open
  });

  it('are cut off by the agent too', async () => {
    const stalled = Array.from({ length: HALF_SENT }, () =>
      halfSend(agentUrl, '/api/v1/session/start'),
    );
    expect((await fetch(`${agentUrl}/healthz`)).status).toBe(200);
    await Promise.all(stalled);
  });
});
