import type { HeartbeatBody } from '@bianmin/contract';
import type { AccountStore } from '../accounts/account-store.js';
import type { ConfigReleaseStore } from '../config-releases/config-release-store.js';
import type { CoverageStore } from '../coverage/coverage-store.js';
import type { EventStore } from '../event-store.js';
import type { MonitoringStore } from '../monitoring/monitoring-store.js';
import type { PresenceStore } from '../presence/presence-store.js';
import type { TerminalOverviewReader } from '../terminal-overview.js';
import type { NonceStore, TerminalRegistry } from '../trust/trust-store.js';

/** What a heartbeat writes: the terminal's row, the one source of its presence inputs. */
export interface HeartbeatStore {
  record(body: HeartbeatBody, receivedAt: Date): Promise<void>;
  /** The community the terminal's row names, for terminals the register does not know. */
  seenCommunity(terminalId: string): Promise<string | null>;
}

/**
 * Every store of the centre, on one database: SQLite (storage/sqlite/) or PostgreSQL
 * (storage/postgres/). Each is Promise-returning and held to a contract suite run on both.
 */
export interface CentralStores {
  kind: 'sqlite' | 'postgres';
  events: EventStore;
  registry: TerminalRegistry;
  nonces: NonceStore;
  heartbeats: HeartbeatStore;
  presence: PresenceStore;
  coverage: CoverageStore;
  overview: TerminalOverviewReader;
  accounts: AccountStore;
  monitoring: MonitoringStore;
  /** Remote configuration the centre publishes to terminals (docs/remote-config.md). */
  configReleases: ConfigReleaseStore;
  /** Releases what the stores opened themselves (connections, pools). */
  close(): Promise<void>;
}
