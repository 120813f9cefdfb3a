/**
 * What a PostgreSQL run of the ingest benchmark (scripts/bench/centre-ingest.ts) cost
 * besides its wall time and CPU (docs/benchmarks.md, "Fifth round"): the statements the
 * centre's `pg` clients sent per request (each a round trip to a backend) and the cluster's
 * WAL flushes per request.
 */
import pg from 'pg';
import { countStatements, totalOf } from './postgres-statements.js';

export interface Meter {
  /** Stops counting; the pools must be ended first so that their backends report their WAL. */
  stop(requests: number): Promise<string>;
}

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
  const statements = countStatements();
  return {
    async stop(requests) {
      const sent = totalOf(statements.stop());
      const walAfter = await walSyncs(url);
      return (
        `${(sent / Math.max(1, requests)).toFixed(2)} statements and ` +
        `${((walAfter - walBefore) / Math.max(1, requests)).toFixed(2)} WAL flushes per request`
      );
    },
  };
}
