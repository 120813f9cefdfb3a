import pg from 'pg';
import type { CentralStores } from '../central-stores.js';
import { createPostgresAccountStore } from './account-store.js';
import { CENTRAL_POSTGRES_MIGRATIONS } from './central-migrations.js';
import { createPostgresConfigReleaseStore } from './config-release-store.js';
import { createPostgresCoverageStore } from './coverage-store.js';
import { createPostgresEventStore } from './event-store.js';
import { createHeartbeatGroups } from './heartbeat-group.js';
import { createPostgresHeartbeatStore } from './heartbeat-store.js';
import { migratePostgres } from './migrate.js';
import { createPostgresMonitoringStore } from './monitoring-store.js';
import { createPostgresPresenceStore } from './presence-store.js';
import { createPostgresTerminalOverview } from './terminal-overview.js';
import { createPostgresNonceStore, createPostgresTerminalRegistry } from './trust-store.js';
import { withRegistryCache } from '../../trust/registry-cache.js';
import { withRegistryMirror } from './registry-mirror.js';

/** Every store of the centre on one PostgreSQL database (docs/centre-postgres.md). */
export interface PostgresStorage extends CentralStores {
  kind: 'postgres';
  /** Schema versions before and after the migrations this open ran. */
  migrated: { from: number; to: number };
  /** For tools that read the database directly (the fleet simulator's final count). */
  pool: pg.Pool;
}

/**
 * How long an instance trusts what it holds of the registry (its mirror, or a terminal it
 * read) without reading again: a revocation made at another instance takes effect here
 * within this time (docs/centre-postgres.md).
 */
const REGISTRY_CACHE_MS = 1_000;

/** The stores on a pool whose database is already migrated; closing them ends the pool. */
function createPostgresStores(pool: pg.Pool): CentralStores {
  // A heartbeat's row, the configuration version it runs and its delivery position: one
  // statement for every heartbeat of the moment (heartbeat-group.ts).
  const heartbeatGroups = createHeartbeatGroups(pool);
  const events = createPostgresEventStore(pool);
  const registry = withRegistryMirror(
    pool,
    withRegistryCache(createPostgresTerminalRegistry(pool), { ttlMs: REGISTRY_CACHE_MS }),
    { trustMs: REGISTRY_CACHE_MS },
  );
  registry.start();
  return {
    kind: 'postgres',
    events: {
      ...events,
      position: async (terminalId, epoch) => ({
        epoch,
        ackedUpTo: await heartbeatGroups.position(terminalId, epoch),
      }),
    },
    registry: registry.registry,
    nonces: createPostgresNonceStore(pool),
    heartbeats: createPostgresHeartbeatStore(pool, heartbeatGroups),
    presence: createPostgresPresenceStore(pool),
    coverage: createPostgresCoverageStore(pool),
    overview: createPostgresTerminalOverview(pool),
    accounts: createPostgresAccountStore(pool),
    monitoring: createPostgresMonitoringStore(pool),
    configReleases: createPostgresConfigReleaseStore(pool, heartbeatGroups),
    close: () => {
      registry.stop();
      return pool.end();
    },
  };
}

/** Connects a pool of at most `maxConnections` and brings the schema up to date. */
export async function openPostgresStorage(
  url: string,
  maxConnections = 10,
  onIdleError: (error: Error) => void = () => undefined,
): Promise<PostgresStorage> {
  const pool = new pg.Pool({ connectionString: url, max: maxConnections });
  // An idle connection the server dropped leaves the pool, and the next query opens another;
  // unheard, the pool's error event would end the process.
  pool.on('error', onIdleError);
  try {
    const migrated = await migratePostgres(pool, CENTRAL_POSTGRES_MIGRATIONS);
    return { ...createPostgresStores(pool), kind: 'postgres', migrated, pool };
  } catch (error) {
    await pool.end();
    throw error;
  }
}
