import type Database from 'better-sqlite3';

interface Pending {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommit {
  /**
   * Runs `work` in the next group's transaction and resolves with its result once that
   * transaction has committed (synchronous=FULL: once it is on disk), never before.
   */
  run<T>(work: () => T): Promise<T>;
}

const groups = new WeakMap<Database.Database, GroupCommit>();

/**
 * One commit for every write that reaches a connection in the same turn of the event loop
 * (docs/benchmarks.md, "The centre at national scale"): with synchronous=FULL each commit
 * is an fsync of the WAL, which costs more than the writes of a whole batch, so heartbeats
 * and event batches arriving together share one. Each write runs in its own savepoint, so
 * one that throws fails alone; every caller learns its outcome only after the commit, so
 * nothing is acknowledged before it is durable. One group per connection, shared by every
 * store writing through it.
 */
export function groupCommitOf(db: Database.Database): GroupCommit {
  const existing = groups.get(db);
  if (existing) return existing;
  let queue: Pending[] = [];
  const savepoint = db.transaction((work: () => unknown) => work());
  const flush = () => {
    const group = queue;
    queue = [];
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      db.transaction(() => {
        for (const { work } of group) {
          try {
            outcomes.push({ ok: true, value: savepoint(work) });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      })();
    } catch (error) {
      // The commit itself failed (disk full, I/O error): nothing of the group is stored.
      for (const pending of group) pending.reject(error);
      return;
    }
    group.forEach((pending, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) pending.resolve(outcome.value);
      else pending.reject(outcome.error);
    });
  };
  const group: GroupCommit = {
    run: <T>(work: () => T) =>
      new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
        // After the I/O of this turn: every request already read joins the group.
        if (queue.length === 1) setImmediate(flush);
      }),
  };
  groups.set(db, group);
  return group;
}
