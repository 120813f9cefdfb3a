/**
 * Counts the statements this process's `pg` clients send while counting is on: each `query`
 * of a client is one round trip to its backend (the extended protocol's parse, bind and
 * execute go in one write and end with one sync; `pool.query` goes through a client's
 * `query`). Kept by the statement's first words, for the centre benchmarks' reports
 * (docs/benchmarks.md).
 */
import pg from 'pg';

export interface StatementCount {
  /** Stops counting and restores `pg`; the statements sent, by their first 80 characters. */
  stop(): Map<string, number>;
}

export function countStatements(): StatementCount {
  // By the text as sent, shortened only at the end: the benchmark's centre shares this
  // process, and shortening each statement as it went made 6 KB of garbage per heartbeat.
  const counts = new Map<string, number>();
  const original = pg.Client.prototype.query;
  let counting = true;
  pg.Client.prototype.query = function countedQuery(this: pg.Client, ...args: unknown[]) {
    if (counting) {
      const first = args[0];
      const text = typeof first === 'string' ? first : ((first as { text?: string }).text ?? '?');
      counts.set(text, (counts.get(text) ?? 0) + 1);
    }
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  return {
    stop() {
      counting = false;
      pg.Client.prototype.query = original;
      const byStart = new Map<string, number>();
      for (const [text, n] of counts) {
        const key = text.replace(/\s+/g, ' ').trim().slice(0, 80);
        byStart.set(key, (byStart.get(key) ?? 0) + n);
      }
      return byStart;
    },
  };
}

export const totalOf = (counts: Map<string, number>) =>
  [...counts.values()].reduce((a, b) => a + b, 0);
