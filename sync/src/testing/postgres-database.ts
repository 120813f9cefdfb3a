import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

export interface TestDatabase {
  pool: pg.Pool;
  /** Its connection URL, for code that opens its own pool. */
  url: string;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

/** SQLSTATE of DROP DATABASE while sessions remain. */
const OBJECT_IN_USE = '55006';

function serverUrl(): string {
  const server = inject('postgres');
  if ('error' in server) {
    throw new Error(`The PostgreSQL test server could not start: ${server.error}`);
  }
  return server.url;
}

/** A new, empty database on the test server, so each test starts from nothing. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const url = serverUrl();
  const name = `test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const target = new URL(url);
  target.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: target.toString() });
  return {
    pool,
    url: target.toString(),
    drop: async () => {
      await pool.end();
      // Without FORCE: killing a connection the pool is still closing would surface as an
      // unhandled error. A database still busy is left to the cluster's teardown.
      const cleaner = new pg.Client({ connectionString: url });
      await cleaner.connect();
      try {
        await cleaner.query(`DROP DATABASE IF EXISTS ${name}`);
      } catch (error) {
        if ((error as { code?: string }).code !== OBJECT_IN_USE) throw error;
      } finally {
        await cleaner.end();
      }
    },
  };
}
