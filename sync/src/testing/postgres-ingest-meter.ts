/**
 * What a PostgreSQL run of the ingest benchmark (scripts/bench/centre-ingest.ts) cost
 * besides its wall time (docs/benchmarks.md, "Fifth round"): the centre process's CPU per
 * event, the statements its `pg` clients sent per request (each a round trip to a backend)
 * and the cluster's WAL flushes per request. The load generator runs in a child process, so
 * this process's CPU time is the server's alone.
 */
import pg from 'pg';

export interface Meter {
  /** Stops counting; the pools must be ended first so that their backends report their WAL. */
  stop(requests: number, events: number): Promise<string>;
}

let statements = 0;
let counting = false;
const originalQuery = pg.Client.prototype.query;
// Counting every statement any `pg` client of this process sends (pool.query goes through a
// client's query).
pg.Client.prototype.query = function countedQuery(this: pg.Client, ...args: unknown[]) {
  if (counting) statements += 1;
  return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pg.Client.prototype.query;

async function walSyncs(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>('SELECT wal_sync AS n FROM pg_stat_wal');
    return Number(rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

export async function startMeter(url: string): Promise<Meter> {
  const walBefore = await walSyncs(url);
  statements = 0;
  counting = true;
  const cpu = process.cpuUsage();
  return {
    async stop(requests, events) {
      const used = process.cpuUsage(cpu);
      counting = false;
      const walAfter = await walSyncs(url);
      const cpuUs = used.user + used.system;
      return (
        `${((1000 * cpuUs) / Math.max(1, events)).toFixed(0)} ns centre CPU per event, ` +
        `${(statements / Math.max(1, requests)).toFixed(2)} statements and ` +
        `${((walAfter - walBefore) / Math.max(1, requests)).toFixed(2)} WAL flushes per request`
      );
    },
  };
}
