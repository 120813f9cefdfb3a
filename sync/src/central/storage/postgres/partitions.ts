import type pg from 'pg';

/** UTC month of an ISO time in UTC (`Date.toISOString`), as YYYY-MM. */
const monthOf = (at: string): string => at.slice(0, 7);

function monthBounds(month: string): { name: string; from: string; to: string } {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  const next = mon === 12 ? `${year + 1}-01` : `${year}-${String(mon + 1).padStart(2, '0')}`;
  return {
    name: `events_${month.replace('-', '_')}`,
    from: `${month}-01T00:00:00Z`,
    to: `${next}-01T00:00:00Z`,
  };
}

/** Any fixed number: instances creating the same month's partition wait for one another. */
const PARTITION_LOCK = 7_340_002;

/**
 * Creates the monthly partitions of `events` that the given times (ISO, UTC) fall in, once
 * per process and month. Runs in its own short transaction before the ingest's, because creating a
 * partition locks the whole events table.
 */
export function createMonthlyPartitions(pool: pg.Pool): (times: string[]) => Promise<void> {
  const known = new Set<string>();
  return async (times) => {
    const missing = [...new Set(times.map(monthOf))].filter((m) => !known.has(m));
    if (missing.length === 0) return;
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [PARTITION_LOCK]);
      for (const month of missing) {
        const { name, from, to } = monthBounds(month);
        // Month names are digits: safe to interpolate; DDL takes no parameters.
        await client.query(
          `CREATE TABLE IF NOT EXISTS ${name} PARTITION OF events FOR VALUES FROM ('${from}') TO ('${to}')`,
        );
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
    for (const month of missing) known.add(month);
  };
}
