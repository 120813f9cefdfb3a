import { open, type FileHandle } from 'node:fs/promises';
import type Database from 'better-sqlite3';

interface Pending {
  work: () => unknown;
  awaitsSync: boolean;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * `durable` (the default): answered once the write is on disk, for what a terminal then
 * deletes (event batches). `committed`: answered once committed, before the WAL is synced,
 * for observations a terminal repeats anyway (heartbeats, the configuration version it
 * runs): a power cut may lose those written since the WAL was last synced (by a durable
 * group or a checkpoint), never the database's consistency (docs/benchmarks.md, "Fourth
 * round").
 */
type Durability = 'durable' | 'committed';

export interface GroupCommit {
  /**
   * Runs `work` in the next group's transaction and resolves with its result once that
   * transaction is on disk (`durable`), or once it is committed (`committed`).
   */
  run<T>(work: () => T, durability?: Durability): Promise<T>;
}

/** SQLite's synchronous=FULL; EXTRA is 3. */
const FULL = 2;

const groups = new WeakMap<Database.Database, GroupCommit>();

/**
 * Makes the WAL file durable off the event loop: every call resolves after an fdatasync of
 * the file that started after the call, one at a time for all callers waiting. Null where
 * there is no WAL file to sync (an in-memory database, another journal mode): such a
 * connection commits with its own synchronous setting.
 */
function walSyncOf(db: Database.Database): { durable(): Promise<void> } | null {
  if (db.memory || db.pragma('journal_mode', { simple: true }) !== 'wal') return null;
  const path = `${db.name}-wal`;
  // Kept open while syncs follow one another (opening it costs as much as the sync's
  // call), closed once none came for a second so a closed database leaves no descriptor.
  let file: FileHandle | undefined;
  let idle: NodeJS.Timeout | undefined;
  const closeFile = () => {
    const handle = file;
    file = undefined;
    void handle?.close().catch(() => undefined);
  };
  const syncOnce = async () => {
    clearTimeout(idle);
    if (file === undefined) {
      try {
        file = await open(path, 'r');
      } catch (error) {
        // SQLite removes the WAL only when its last connection closes, after checkpointing
        // it into the database file and syncing that: what it held is on disk.
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw error;
      }
    }
    try {
      await file.datasync();
    } catch (error) {
      closeFile();
      throw error;
    }
    idle = setTimeout(closeFile, 1_000).unref();
  };
  let waiting: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  let syncing = false;
  const start = () => {
    const callers = waiting;
    waiting = [];
    syncing = true;
    const done = (error?: unknown) => {
      syncing = false;
      for (const caller of callers) {
        if (error === undefined) caller.resolve();
        else caller.reject(error);
      }
      if (waiting.length > 0) start();
    };
    syncOnce().then(() => done(), done);
  };
  return {
    durable: () =>
      new Promise<void>((resolve, reject) => {
        waiting.push({ resolve, reject });
        if (!syncing) start();
      }),
  };
}

/**
 * One commit for every write that reaches a connection in the same turn of the event loop
 * (docs/benchmarks.md, "The centre at national scale"): each durable commit is an fsync of
 * the WAL, which costs more than the writes of a whole batch, so heartbeats and event
 * batches arriving together share one. Each write runs in its own savepoint, so one that
 * throws fails alone; every caller learns its outcome only after the commit is on disk, so
 * nothing is acknowledged before it is durable.
 *
 * The group commits with synchronous=NORMAL (written to the WAL, not yet synced) and the
 * WAL is then fdatasync-ed on libuv's thread pool before anyone is answered: the same
 * guarantee as synchronous=FULL, without stopping every other request for the length of
 * an fsync. Writes that do not go through the group keep the connection's FULL. One group
 * per connection, shared by every store writing through it.
 */
export function groupCommitOf(db: Database.Database): GroupCommit {
  const existing = groups.get(db);
  if (existing) return existing;
  let queue: Pending[] = [];
  const synchronous = db.pragma('synchronous', { simple: true }) as number;
  // A connection that does not sync its commits (the nonces', synchronous=NORMAL) stays so.
  const wal = synchronous >= FULL ? walSyncOf(db) : null;
  const savepoint = db.transaction((work: () => unknown) => work());
  const commitGroup = db.transaction((group: Pending[]) =>
    group.map(({ work }) => {
      try {
        return { ok: true as const, value: savepoint(work) };
      } catch (error) {
        return { ok: false as const, error };
      }
    }),
  );
  const flush = () => {
    const group = queue;
    queue = [];
    let outcomes: ReturnType<typeof commitGroup>;
    try {
      if (wal) db.pragma('synchronous = NORMAL');
      try {
        outcomes = commitGroup(group);
      } finally {
        if (wal) db.pragma(`synchronous = ${synchronous}`);
      }
    } catch (error) {
      // The commit itself failed (disk full, I/O error): nothing of the group is stored.
      for (const pending of group) pending.reject(error);
      return;
    }
    const settle = (awaitsSync: boolean) =>
      group.forEach((pending, i) => {
        if (pending.awaitsSync !== awaitsSync) return;
        const outcome = outcomes[i]!;
        if (outcome.ok) pending.resolve(outcome.value);
        else pending.reject(outcome.error);
      });
    settle(false);
    if (wal === null) settle(true);
    // A group of observations alone is not synced: the next durable group's sync, or
    // SQLite's checkpoint, puts it on disk.
    else if (group.some((pending) => pending.awaitsSync)) {
      wal.durable().then(
        () => settle(true),
        (error: unknown) => {
          // Committed but perhaps not on disk: nobody may be told it is stored.
          for (const pending of group) if (pending.awaitsSync) pending.reject(error);
        },
      );
    }
  };
  const group: GroupCommit = {
    run: <T>(work: () => T, durability: Durability = 'durable') =>
      new Promise<T>((resolve, reject) => {
        queue.push({
          work,
          awaitsSync: durability === 'durable',
          resolve: resolve as (value: unknown) => void,
          reject,
        });
        // After the I/O of this turn: every request already read joins the group.
        if (queue.length === 1) setImmediate(flush);
      }),
  };
  groups.set(db, group);
  return group;
}
