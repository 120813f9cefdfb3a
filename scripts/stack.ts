import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';
import { DEFAULT_CONFIG_DIR, formatProblems, loadConfigFile } from '@bianmin/config';
import {
  createCentreAdminClient,
  createMonitoringAccount,
  createTerminalRequest,
} from '@bianmin/sync/central';
import { TERMINAL_KEY_FILE } from '@bianmin/sync/terminal-identity';

export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
/** NODE_OPTIONS for the device agent (docs/benchmarks.md, Agent memory). */
export const AGENT_RUNTIME_ENV = join(REPO_ROOT, 'device-agent', 'runtime.env');

/**
 * The file's variables as the process environment, as the systemd unit's EnvironmentFile=
 * gives them: glibc's malloc settings are read at exec, before --env-file is.
 */
export function agentRuntimeEnvironment(): Record<string, string> {
  const parsed = parseEnv(readFileSync(AGENT_RUNTIME_ENV, 'utf8'));
  return Object.fromEntries(
    Object.entries(parsed).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

export interface StackOptions {
  /** The terminal's port (device agent serving the kiosk); 0, the default, lets the system pick. */
  agentPort?: number;
  /** The central service's port; 0, the default, lets the system pick. */
  centralPort?: number;
  dataDir: string;
  configDir?: string;
  /** 'inherit' prints every process's output with a prefix; a folder path writes one log file per process. */
  output: 'inherit' | { logDir: string };
  /** Creates a nation-wide monitoring account with a new random password (npm start). */
  devAccount?: boolean;
}

export interface RunningStack {
  /** `kiosk` and `agent` are the same address: the agent serves the kiosk. */
  urls: { kiosk: string; agent: string; central: string; monitor: string };
  /** The development monitoring account, when asked for. */
  devAccount?: { user: string; password: string };
  /** This run's centre administrator secret, for tests that publish as the centre would. */
  adminToken: string;
  stop(): Promise<void>;
}

/**
 * The address a child reports in its `started` log line once it listens, so it can bind
 * port 0 and the stack learns the real port (no pick-a-free-port-then-bind race).
 */
function startedUrl(
  name: string,
  child: ChildProcess,
  event: 'agent.started' | 'central.started',
  timeoutMs = 60_000,
): Promise<string> {
  return new Promise((resolveUrl, reject) => {
    let pending = '';
    // A plain listener, not readline: closing readline would pause the child's stdout.
    const onData = (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop() ?? '';
      const url = lines.map((line) => startedLineUrl(line, event)).find(Boolean);
      if (url) finish(() => resolveUrl(url));
    };
    const finish = (outcome: () => void) => {
      clearTimeout(timer);
      child.off('exit', onExit);
      child.stdout?.off('data', onData);
      outcome();
    };
    const onExit = (code: number | null) =>
      finish(() => reject(new Error(`${name} exited with code ${code} before it listened`)));
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(
            new Error(
              `${name} reported no ${event} line within ${timeoutMs / 1000} s (it is logged at level info: is LOG_LEVEL higher?)`,
            ),
          ),
        ),
      timeoutMs,
    );
    child.once('exit', onExit);
    child.stdout?.on('data', onData);
  });
}

function startedLineUrl(line: string, event: string): string | undefined {
  try {
    const entry = JSON.parse(line) as { event?: unknown; url?: unknown };
    return entry.event === event && typeof entry.url === 'string' ? entry.url : undefined;
  } catch {
    return undefined; // not a log line
  }
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
 * The local terminal's enrolment token, or none when it is already enrolled at this centre
 * with the key in its data folder: creates the terminal at the centre the first time, and
 * issues a new token when either side lost its half (docs/deploy.md, "Enrolling a terminal").
 */
async function localEnrolmentToken(
  centralUrl: string,
  adminToken: string,
  configDir: string,
  agentDataDir: string,
): Promise<string | undefined> {
  const loaded = loadConfigFile('terminal', join(configDir, 'terminal.json'));
  // The agent refuses a broken configuration itself, with every problem listed.
  if (!loaded.ok) {
    console.error(formatProblems(loaded.error));
    return undefined;
  }
  const terminal = loaded.value;
  const admin = createCentreAdminClient({ centreUrl: centralUrl, adminToken });
  const known = await admin.get(terminal.terminalId);
  const hasKey = existsSync(join(agentDataDir, TERMINAL_KEY_FILE));
  if (known.ok && known.value.state === 'enrolled' && hasKey) return undefined;
  const issued = known.ok
    ? await admin.issueToken(terminal.terminalId)
    : await admin.createTerminal(createTerminalRequest(terminal));
  if (!issued.ok) {
    throw new Error(
      `the local centre did not enrol ${terminal.terminalId}: ${issued.error.message}`,
    );
  }
  return issued.value.enrolmentToken;
}

/**
 * A nation-wide monitoring administrator for local use, with a password made for this run
 * (docs/deploy.md, "Monitoring accounts"); an account left from an earlier run gets a new name.
 */
async function createDevAccount(
  centralUrl: string,
  adminToken: string,
): Promise<{ user: string; password: string }> {
  const password = randomBytes(12).toString('base64url');
  for (let n = 0; n < 100; n++) {
    const user = n === 0 ? 'dev-admin' : `dev-admin-${n}`;
    const created = await createMonitoringAccount(
      { centreUrl: centralUrl, adminToken },
      { user, role: 'admin', region: 'nation', password },
    );
    if (created.ok) return { user, password };
    if (created.error.error !== 'account-exists') throw new Error(created.error.message);
  }
  throw new Error('no free development account name (dev-admin … dev-admin-99)');
}

/**
 * Starts the central service and the terminal (the device agent on simulated hardware
 * unless the config says otherwise, serving the built kiosk) as real processes talking
 * real HTTP.
 */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(children.reverse().map(stopChild));
  };
  // A new administrator secret per run: the stack enrols its own terminal and nobody else.
  const adminToken = randomBytes(32).toString('base64url');
  const agentDataDir = join(options.dataDir, 'agent');
  try {
    const central = launch(
      'central',
      ['--import', 'tsx', 'sync/src/central/main.ts'],
      {
        CENTRAL_PORT: String(options.centralPort ?? 0),
        CENTRAL_DATA_DIR: join(options.dataDir, 'central'),
        CENTRAL_ADMIN_TOKEN: adminToken,
      },
      options.output,
    );
    children.push(central);
    const centralUrl = await startedUrl('central', central, 'central.started');
    const enrolmentToken = await localEnrolmentToken(
      centralUrl,
      adminToken,
      options.configDir ?? DEFAULT_CONFIG_DIR,
      agentDataDir,
    );

    const agent = launch(
      'agent',
      // The agent's Node flags, the same file production uses (docs/deploy.md).
      [`--env-file=${AGENT_RUNTIME_ENV}`, '--import', 'tsx', 'device-agent/src/main.ts'],
      {
        ...agentRuntimeEnvironment(),
        AGENT_PORT: String(options.agentPort ?? 0),
        AGENT_DATA_DIR: agentDataDir,
        CENTRAL_URL: centralUrl,
        ...(enrolmentToken ? { AGENT_ENROLMENT_TOKEN: enrolmentToken } : {}),
        ...(options.configDir ? { BIANMIN_CONFIG_DIR: options.configDir } : {}),
      },
      options.output,
    );
    children.push(agent);
    const agentUrl = await startedUrl('agent', agent, 'agent.started');
    const devAccount = options.devAccount
      ? await createDevAccount(centralUrl, adminToken)
      : undefined;
    return {
      urls: {
        kiosk: agentUrl,
        agent: agentUrl,
        central: centralUrl,
        monitor: `${centralUrl}/monitor/`,
      },
      ...(devAccount && { devAccount }),
      adminToken,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
