/**
 * Kills the centre, and now and then the terminal, with SIGKILL at random moments while the
 * terminal issues tickets through its real outbox and uploader over real HTTP, then checks
 * that the centre holds every event the terminal committed exactly once. Both are child
 * processes on their own SQLite files (centre-child.ts, terminal-child.ts); the terminal
 * reaches the centre through a network switch, so the centre may come back on a new port.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatabaseOpenError } from '@bianmin/common/sqlite';
import type { Result } from '@bianmin/common';
import { CENTRAL_DATABASE_FILE, openCentralDatabase } from '@bianmin/sync/central';
import type Database from 'better-sqlite3';
import { openTerminalDatabase } from '../../../device-agent/src/queue/terminal-database.js';
import { makeTempDir, openNetworkSwitch } from '@bianmin/common/testing';
import {
  createSqliteTerminalRegistry,
  enrolmentTokenSha256,
  newEnrolmentToken,
} from '../../../sync/src/central/trust/index.js';
import {
  CRASH_TERMINAL_ID,
  CRASH_TERMINAL_IDENTITY,
  type CentreChildMessage,
  type ParentMessage,
} from './messages.js';

export interface CrashTrialOptions {
  kills: number;
  /** Share of the kills that hit the terminal rather than the centre (default 0.2). */
  terminalShare?: number;
  random?: () => number;
}

export interface CrashTrialOutcome {
  centreKills: number;
  terminalKills: number;
  /** Events in the terminal's outbox at the end: everything it committed. */
  committed: number;
  /** Of those, held by the centre with the same content, once. */
  heldOnce: number;
  /** Committed but not at the centre, or there with other content. */
  missing: number;
  /** At the centre but never committed by the terminal (must be 0). */
  unknown: number;
  /** The terminal's epochs the centre saw (1: a restarted terminal keeps its file). */
  epochs: number;
  seconds: number;
}

/** Most a random moment waits after the centre has acknowledged a batch. */
const KILL_WITHIN_MS = 40;
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

interface Child {
  process: ChildProcess;
  exited: Promise<void>;
  /** Resolves with the next message of this type. */
  next(type: string): Promise<unknown>;
  /** Sends `start` once the child is loaded; resolves with its answer of `answer` type. */
  activate(answer: string): Promise<unknown>;
}

/** A child process, loaded and waiting for `start`: a standby. */
function spawnChild(file: string, env: Record<string, string>): Child {
  const child = fork(here(file), {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const waiting = new Map<string, ((m: unknown) => void)[]>();
  child.on('message', (m: { type: string }) => {
    for (const resolve of waiting.get(m.type)?.splice(0) ?? []) resolve(m);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const next = (type: string) =>
    new Promise<unknown>((resolve, reject) => {
      waiting.set(type, [...(waiting.get(type) ?? []), resolve]);
      void exited.then(() => reject(new Error(`${file} exited while waiting for ${type}`)));
    });
  const loaded = next('loaded');
  // A standby killed at the end never loads: not an error unless someone activates it.
  loaded.catch(() => undefined);
  return {
    process: child,
    exited,
    next,
    async activate(answer) {
      await loaded;
      const answered = next(answer);
      const start: ParentMessage = { type: 'start' };
      child.send(start);
      return answered;
    },
  };
}

/**
 * Creates the trial's terminal in the centre's file before any centre runs, as an
 * administrator would, and returns its enrolment token: the terminal enrols by itself.
 */
async function registerCrashTerminal(centreDir: string): Promise<string> {
  mkdirSync(centreDir, { recursive: true });
  const opened = openCentralDatabase(join(centreDir, CENTRAL_DATABASE_FILE));
  if (!opened.ok) throw new Error(opened.error.message);
  const token = newEnrolmentToken();
  const issuedAt = new Date();
  const created = await createSqliteTerminalRegistry(opened.value).create(
    CRASH_TERMINAL_ID,
    CRASH_TERMINAL_IDENTITY,
    {
      sha256: enrolmentTokenSha256(token),
      issuedAt,
      expiresAt: new Date(issuedAt.getTime() + 24 * 3_600_000),
    },
  );
  opened.value.close();
  if (!created.ok) throw new Error(`cannot create the trial terminal: ${created.error}`);
  return token;
}

const kill = async (child: Child) => {
  if (child.process.exitCode === null && child.process.signalCode === null) {
    child.process.kill('SIGKILL');
  }
  await child.exited;
};

export async function runCrashTrial(options: CrashTrialOptions): Promise<CrashTrialOutcome> {
  const random = options.random ?? Math.random;
  const terminalShare = options.terminalShare ?? 0.2;
  const began = performance.now();
  const dir = makeTempDir('crash-trial');
  const centreDir = join(dir.path, 'central');
  const link = await openNetworkSwitch();
  const enrolmentToken = await registerCrashTerminal(centreDir);
  const spawnCentre = () => spawnChild('./centre-child.ts', { CRASH_CENTRE_DIR: centreDir });
  const spawnTerminal = () =>
    spawnChild('./terminal-child.ts', {
      CRASH_TERMINAL_DIR: dir.path,
      CRASH_CENTRE_URL: link.url,
      CRASH_ENROLMENT_TOKEN: enrolmentToken,
    });
  const children: Child[] = [];
  const spawned = (child: Child) => (children.push(child), child);
  let standbyCentre = spawned(spawnCentre());
  let standbyTerminal = spawned(spawnTerminal());
  // Starts the standby and loads the next one while this one runs.
  const startCentre = async () => {
    const centre = standbyCentre;
    standbyCentre = spawned(spawnCentre());
    const { port } = (await centre.activate('listening')) as CentreChildMessage;
    link.connectTo(port);
    return centre;
  };
  const startTerminal = async () => {
    const terminal = standbyTerminal;
    standbyTerminal = spawned(spawnTerminal());
    await terminal.activate('ready');
    return terminal;
  };

  let centreKills = 0;
  let terminalKills = 0;
  try {
    let centre = await startCentre();
    let terminal = await startTerminal();
    for (let k = 0; k < options.kills; k++) {
      // A moment while delivery is going on: after an acknowledged batch, plus a random wait.
      await terminal.next('acked');
      await new Promise((resolve) => setTimeout(resolve, random() * KILL_WITHIN_MS));
      if (random() < terminalShare) {
        await kill(terminal);
        terminalKills += 1;
        terminal = await startTerminal();
      } else {
        link.cut();
        await kill(centre);
        centreKills += 1;
        centre = await startCentre();
      }
    }
    const drained = terminal.next('drained');
    const drain: ParentMessage = { type: 'drain' };
    terminal.process.send(drain);
    await drained;
    await terminal.exited;
    centre.process.kill('SIGTERM');
    await centre.exited;
    return {
      ...compare(dir.path, centreDir),
      centreKills,
      terminalKills,
      seconds: (performance.now() - began) / 1000,
    };
  } finally {
    await Promise.all(children.map(kill));
    await link.close();
    dir.remove();
  }
}

interface EventRow {
  seq: number;
  type: string;
  payload: string;
  created_at: string;
}

function compare(terminalDir: string, centreDir: string) {
  const open = (opened: Result<Database.Database, DatabaseOpenError>) => {
    if (!opened.ok) throw new Error(opened.error.message);
    return opened.value;
  };
  const terminal = open(openTerminalDatabase(join(terminalDir, 'terminal.sqlite')));
  const epoch = terminal.prepare('SELECT epoch FROM outbox_meta').pluck().get() as string;
  const committed = terminal
    .prepare('SELECT seq, type, payload, created_at FROM outbox ORDER BY seq')
    .all() as EventRow[];
  terminal.close();
  const centre = open(openCentralDatabase(join(centreDir, 'central.sqlite')));
  const held = centre
    .prepare(
      `SELECT seq, type, payload, created_at FROM events
       WHERE terminal_id = 'crash-trial-001' AND epoch = ? ORDER BY seq`,
    )
    .all(epoch) as EventRow[];
  const epochs = centre.prepare('SELECT COUNT(DISTINCT epoch) FROM events').pluck().get() as number;
  centre.close();
  const key = (e: EventRow) => JSON.stringify([e.seq, e.type, e.payload, e.created_at]);
  const heldKeys = new Set(held.map(key));
  const committedKeys = new Set(committed.map(key));
  const heldOnce = committed.filter((e) => heldKeys.has(key(e))).length;
  return {
    committed: committed.length,
    heldOnce,
    missing: committed.length - heldOnce,
    unknown: held.filter((e) => !committedKeys.has(key(e))).length,
    epochs,
  };
}
