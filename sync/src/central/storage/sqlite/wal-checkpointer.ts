import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/**
 * How often the worker copies the WAL into the database file: at 100,000 events/s about as
 * many pages as SQLite's own checkpoint takes at a time (1,000).
 */
const CHECKPOINT_EVERY_MS = 100;

/**
 * The main connection's own checkpoint, kept as a bound: a PASSIVE checkpoint on another
 * connection never catches up with a writer that commits without pause, and SQLite starts
 * the WAL again from its beginning only after a checkpoint that did (wal.c, walRestartLog).
 * About 40 MB of WAL, about a second of ingest at full speed; the copy left to the main
 * connection then is only what the worker had not done yet.
 */
const MAIN_CHECKPOINT_PAGES = 10_000;

/** What SQLite does by default, restored if the worker fails. */
const DEFAULT_CHECKPOINT_PAGES = 1_000;

// Plain JavaScript in a string, so the worker needs no TypeScript loader (config/src/services.ts
// does the same). Its connection keeps synchronous=FULL: a checkpoint syncs the WAL before
// copying it and the database file before marking it copied, as SQLite's own does.
const CHECKPOINT_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { createRequire } = require('node:module');
const Database = createRequire(workerData.from)('better-sqlite3');
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = FULL');
const timer = setInterval(() => {
  const [{ checkpointed }] = db.pragma('wal_checkpoint(PASSIVE)');
  if (checkpointed > 0) parentPort.postMessage(checkpointed);
}, workerData.everyMs);
parentPort.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface WalCheckpointer {
  /** Stops the worker once its checkpoint in progress is done, and closes its connection. */
  close(): Promise<void>;
}

/**
 * Copies the WAL of the centre's file into the database on a worker thread (docs/benchmarks.md,
 * "Seventh round"). SQLite's automatic checkpoint runs inside the commit that crosses its
 * threshold, on the event loop: copying about 4 MB and two fsyncs, during which no request
 * is read or answered. An in-memory database, or one not in WAL mode, keeps SQLite's own.
 */
export function startWalCheckpointer(
  main: Database.Database,
  options: {
    /**
     * Other connections committing to the same file (the nonces'): SQLite would run its
     * checkpoint in their commits too, on the same event loop, once the WAL passes 1,000 pages.
     */
    alsoWriting?: readonly Database.Database[];
    /** Called with the number of WAL pages in the database file after a checkpoint. */
    onCheckpoint?: (pages: number) => void;
  } = {},
): WalCheckpointer {
  if (main.memory || main.pragma('journal_mode', { simple: true }) !== 'wal') {
    return { close: async () => undefined };
  }
  const worker = new Worker(CHECKPOINT_WORKER, {
    eval: true,
    workerData: { path: main.name, from: import.meta.url, everyMs: CHECKPOINT_EVERY_MS },
  });
  const others = (options.alsoWriting ?? []).filter((db) => db !== main);
  main.pragma(`wal_autocheckpoint = ${MAIN_CHECKPOINT_PAGES}`);
  for (const db of others) db.pragma('wal_autocheckpoint = 0');
  // SQLite's own checkpoint again, on every connection still open.
  const restore = () => {
    for (const db of [main, ...others]) {
      if (db.open) db.pragma(`wal_autocheckpoint = ${DEFAULT_CHECKPOINT_PAGES}`);
    }
  };
  let closing = false;
  // The worker's connection failing (the file moved, the disk failed) leaves checkpoints to
  // SQLite again, never to nobody.
  const exited = new Promise<void>((resolve) => {
    worker.once('exit', () => {
      if (!closing) restore();
      resolve();
    });
  });
  worker.on('error', () => undefined);
  worker.on('message', (pages: number) => options.onCheckpoint?.(pages));
  // The centre may stop without closing its stores (tests that end the process): the worker
  // does not keep it alive.
  worker.unref();
  return {
    close: async () => {
      closing = true;
      // Held open until the worker has closed its connection.
      worker.ref();
      worker.postMessage('close');
      await exited;
      restore();
    },
  };
}
