import {
  captureLogger,
  makeTempDir,
  openNetworkSwitch,
  type NetworkSwitch,
} from '@bianmin/common/testing';
import type { DevicesConfig } from '@bianmin/config';
import { buildAgent, type Agent } from '@bianmin/device-agent';
import { openSse, type SseClient } from './sse-client.js';
import { defaultTerminalConfig } from './support.js';

/** A real agent listening on loopback, started, with no centre behind it. */
export interface RunningAgent {
  agent: Agent;
  url: string;
  log: ReturnType<typeof captureLogger>;
  /** Subscribes to the event stream; closed by close(). */
  subscribe(): Promise<SseClient>;
  post(path: string, body: unknown): Promise<Response>;
  close(): Promise<void>;
}

export async function startRunningAgent(
  name: string,
  devices: DevicesConfig = defaultTerminalConfig().devices,
): Promise<RunningAgent> {
  const noCentre: NetworkSwitch = await openNetworkSwitch();
  const log = captureLogger(`agent-${name}`);
  const agent = await buildAgent({
    ...defaultTerminalConfig(),
    devices,
    dataDir: makeTempDir(`agent-${name}`).path,
    logger: log.logger,
    centreUrl: noCentre.url,
    healthIntervalMs: 20,
  });
  const url = await agent.server.listen({ port: 0, host: '127.0.0.1' });
  await agent.start();
  const clients: SseClient[] = [];
  return {
    agent,
    url,
    log,
    async subscribe() {
      const client = await openSse(`${url}/api/v1/events`);
      clients.push(client);
      return client;
    },
    post: (path, body) =>
      fetch(`${url}/api/v1${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    async close() {
      for (const client of clients.splice(0)) client.close();
      await agent.close();
      await noCentre.close();
    },
  };
}
