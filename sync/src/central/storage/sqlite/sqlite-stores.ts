import type Database from 'better-sqlite3';
import { createSqliteAccountStore } from '../../accounts/sqlite-account-store.js';
import { createSqliteConfigReleaseStore } from '../../config-releases/config-release-store.js';
import { createSqliteCoverageStore } from '../../coverage/coverage-store.js';
import { createSqliteEventStore } from '../../event-store.js';
import { createHeartbeatStore } from '../../heartbeat-store.js';
import { createSqliteMonitoringStore } from '../../monitoring/monitoring-store.js';
import { createSqlitePresenceStore } from '../../presence/presence-store.js';
import { createTerminalOverview } from '../../terminal-overview.js';
import { openNonceConnection } from '../../trust/nonce-connection.js';
import { createSqliteNonceStore, createSqliteTerminalRegistry } from '../../trust/index.js';
import { withRegistryCache } from '../../trust/registry-cache.js';
import type { CentralStores } from '../central-stores.js';
import { startWalCheckpointer } from './wal-checkpointer.js';

const REGISTRY_CACHE_MS = 1_000;

/**
 * The centre's stores on its SQLite file (opened with openCentralDatabase). Closing them
 * closes the nonce connection they opened; the file's own connection stays the caller's.
 */
export function createSqliteStores(db: Database.Database): CentralStores {
  const nonceConnection = openNonceConnection(db);
  const checkpointer = startWalCheckpointer(db, { alsoWriting: [nonceConnection.db] });
  const writeHeartbeat = createHeartbeatStore(db);
  // Only terminals the register does not know: rows kept from before enrolment existed.
  const seenCommunity = db
    .prepare<[string], string | null>('SELECT community_code FROM terminals WHERE terminal_id = ?')
    .pluck();
  const overview = createTerminalOverview(db);
  return {
    kind: 'sqlite',
    events: createSqliteEventStore(db),
    // A signed heartbeat asks for its terminal three times (the signature, the registered
    // identity, the configuration it may fetch): read once. Changes go through this centre,
    // which forgets the terminal at once; the time bounds only a change made to the file
    // from outside.
    registry: withRegistryCache(createSqliteTerminalRegistry(db), { ttlMs: REGISTRY_CACHE_MS }),
    nonces: createSqliteNonceStore(nonceConnection.db),
    heartbeats: {
      record: writeHeartbeat,
      seenCommunity: async (terminalId) => seenCommunity.get(terminalId) ?? null,
    },
    presence: createSqlitePresenceStore(db),
    coverage: createSqliteCoverageStore(db),
    overview: async (now, timeZone) => overview(now, timeZone),
    accounts: createSqliteAccountStore(db),
    monitoring: createSqliteMonitoringStore(db),
    configReleases: createSqliteConfigReleaseStore(db),
    close: async () => {
      nonceConnection.close();
      await checkpointer.close();
    },
  };
}
