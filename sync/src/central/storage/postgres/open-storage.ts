import pg from 'pg';
import type { EventStore } from '../../event-store.js';
import type { NonceStore, TerminalRegistry } from '../../trust/trust-store.js';
import { CENTRAL_POSTGRES_MIGRATIONS } from './central-migrations.js';
import { createPostgresEventStore } from './event-store.js';
import { migratePostgres } from './migrate.js';
import { createPostgresNonceStore, createPostgresTerminalRegistry } from './trust-store.js';

/** The centre's stores that live on PostgreSQL so far (docs/deploy.md lists the rest). */
export interface PostgresStorage {
  events: EventStore;
  registry: TerminalRegistry;
  nonces: NonceStore;
  /** Schema versions before and after the migrations this open ran. */
  migrated: { from: number; to: number };
  close(): Promise<void>;
}

/** Connects a pool of at most `maxConnections` and brings the schema up to date. */
export async function openPostgresStorage(
  url: string,
  maxConnections = 10,
): Promise<PostgresStorage> {
  const pool = new pg.Pool({ connectionString: url, max: maxConnections });
  try {
    const migrated = await migratePostgres(pool, CENTRAL_POSTGRES_MIGRATIONS);
    return {
      events: createPostgresEventStore(pool),
      registry: createPostgresTerminalRegistry(pool),
      nonces: createPostgresNonceStore(pool),
      migrated,
      close: () => pool.end(),
    };
  } catch (error) {
    await pool.end();
    throw error;
  }
}
