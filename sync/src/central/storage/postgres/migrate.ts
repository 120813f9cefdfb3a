import type pg from 'pg';

/** One schema step of the centre's PostgreSQL database. Append only: the list order is the version. */
export interface PostgresMigration {
  name: string;
  /** Runs inside the step's transaction. */
  up: (client: pg.PoolClient) => Promise<void>;
}

/**
 * Any fixed number shared by every centre instance: the instances starting together wait for
 * one another here, so each step runs once.
 */
const MIGRATION_LOCK = 7_340_001;

/**
 * Brings the database up to `migrations`, each step in its own transaction and recorded in
 * schema_migrations, under a session advisory lock so several centre instances may start at
 * once. Returns the versions before and after.
 */
export async function migratePostgres(
  pool: pg.Pool,
  migrations: readonly PostgresMigration[],
): Promise<{ from: number; to: number }> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query(`
        CREATE TABLE IF NOT EXISTS schema_migrations (
          version integer PRIMARY KEY,
          name text NOT NULL,
          applied_at timestamptz NOT NULL DEFAULT now()
        )`);
      const current = await client.query<{ version: number | null }>(
        'SELECT MAX(version) AS version FROM schema_migrations',
      );
      const from = current.rows[0]?.version ?? 0;
      for (const [index, migration] of migrations.entries()) {
        const version = index + 1;
        if (version <= from) continue;
        await client.query('BEGIN');
        try {
          await migration.up(client);
          await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
            version,
            migration.name,
          ]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
      }
      return { from, to: Math.max(from, migrations.length) };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}
