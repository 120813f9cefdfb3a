export { buildCentralServer, type CentralServerOptions } from './server.js';
export {
  startCentral,
  CENTRAL_DATABASE_FILE,
  type StartCentralOptions,
  type RunningCentral,
  type CentralStartError,
} from './start.js';
export { openCentralDatabase } from './database.js';
export { readCentralEnv, DEFAULT_CENTRAL_DATA_DIR, type CentralEnv } from './env.js';
export { computePresence, DEFAULT_MISSED_HEARTBEATS } from './presence.js';
export {
  createCentreAdminClient,
  createTerminalRequest,
  type AdminCallError,
  type CentreAdminClient,
  type TrustOptions,
} from './trust/index.js';
export { createSqliteCoverageStore } from './coverage/coverage-store.js';
export { createMonitoringAccount } from './accounts/index.js';
