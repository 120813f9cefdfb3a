export { registerAccountRoutes, type SessionGuard } from './account-routes.js';
export { createSqliteAccountStore, createAccountTables } from './sqlite-account-store.js';
export type { AccountStore } from './account-store.js';
export { DEFAULT_SESSION_RULES, SESSION_COOKIE, type SessionRules } from './sessions.js';
export { levelOf, withinScope, type RegionLevel } from './scope.js';
export type { ScryptCost } from './password.js';
export { createMonitoringAccount } from './account-client.js';
