import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

export interface StackOptions {
  uiPort: number;
  agentPort: number;
  centralPort: number;
  dataDir: string;
  configDir?: string;
  /** 'inherit' prints every process's output with a prefix; a folder path writes one log file per process. */
  output: 'inherit' | { logDir: string };
}

export interface RunningStack {
  urls: { kiosk: string; agent: string; central: string };
  stop(): Promise<void>;
}

/** A free TCP port on loopback, for tests that must not collide with a running terminal. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${url}: the process exited with code ${child.exitCode}`);
    try {
      const reply = await fetch(url);
      if (reply.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

function launch(
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  output: StackOptions['output'],
): ChildProcess {
  // An argument array, never a shell string.
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (output === 'inherit') {
    const prefix = (chunk: Buffer) =>
      chunk
        .toString()
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line) => `[${name}] ${line}\n`)
        .join('');
    child.stdout?.on('data', (c: Buffer) => process.stdout.write(prefix(c)));
    child.stderr?.on('data', (c: Buffer) => process.stderr.write(prefix(c)));
  } else {
    mkdirSync(output.logDir, { recursive: true });
    const file = createWriteStream(join(output.logDir, `${name}.log`));
    child.stdout?.pipe(file);
    child.stderr?.pipe(file);
  }
  return child;
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Starts the central service, the device agent (simulated hardware unless the config says
 * otherwise) and the built kiosk UI as three real processes talking real HTTP.
 */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  const urls = {
    central: `http://127.0.0.1:${options.centralPort}`,
    agent: `http://127.0.0.1:${options.agentPort}`,
    kiosk: `http://127.0.0.1:${options.uiPort}`,
  };
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(children.reverse().map(stopChild));
  };
  try {
    const central = launch(
      'central',
      ['--import', 'tsx', 'sync/src/central/main.ts'],
      {
        CENTRAL_PORT: String(options.centralPort),
        CENTRAL_DATA_DIR: join(options.dataDir, 'central'),
      },
      options.output,
    );
    children.push(central);
    await waitForHttp(`${urls.central}/healthz`, central);

    const agent = launch(
      'agent',
      ['--import', 'tsx', 'device-agent/src/main.ts'],
      {
        AGENT_PORT: String(options.agentPort),
        AGENT_DATA_DIR: join(options.dataDir, 'agent'),
        CENTRAL_URL: urls.central,
        ...(options.configDir ? { BIANMIN_CONFIG_DIR: options.configDir } : {}),
      },
      options.output,
    );
    children.push(agent);
    await waitForHttp(`${urls.agent}/healthz`, agent);

    const ui = launch(
      'kiosk-ui',
      ['kiosk-ui/build/index.js'],
      { PORT: String(options.uiPort), HOST: '127.0.0.1', AGENT_URL: urls.agent },
      options.output,
    );
    children.push(ui);
    await waitForHttp(urls.kiosk, ui);
  } catch (error) {
    await stop();
    throw error;
  }
  return { urls, stop };
}
