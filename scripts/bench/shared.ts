import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '@bianmin/common';
import { openNetworkSwitch } from '@bianmin/common/testing';
import type { DevicesConfig, TerminalConfigSet } from '@bianmin/config';
import { buildAgent } from '@bianmin/device-agent';

export const quiet = createLogger('bench', {
  destination: new Writable({ write: (_c, _e, cb) => cb() }),
});
export const temp = (p: string) => mkdtempSync(join(tmpdir(), `bianmin-bench-${p}-`));

export function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const mean = sorted.reduce((sum, x) => sum + x, 0) / Math.max(1, sorted.length);
  return {
    n: sorted.length,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: sorted.at(-1)!,
    mean,
  };
}
export const ms = (x: number) => `${x.toFixed(2)} ms`;

export interface RunningAgent {
  url: string;
  post(path: string, body: unknown): Promise<Response>;
  close(): Promise<void>;
}

/** An agent on loopback with no centre reachable, so figures are the terminal's alone. */
export async function startAgent(
  config: TerminalConfigSet,
  name: string,
  devices: DevicesConfig = config.devices,
): Promise<RunningAgent> {
  const noCentre = await openNetworkSwitch();
  const agent = await buildAgent({
    ...config,
    devices,
    dataDir: temp(name),
    logger: quiet,
    centreUrl: noCentre.url,
  });
  const url = await agent.server.listen({ port: 0, host: '127.0.0.1' });
  await agent.start();
  return {
    url,
    post: (path, body) =>
      fetch(`${url}/api/v1${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    async close() {
      await agent.close();
      await noCentre.close();
    },
  };
}
