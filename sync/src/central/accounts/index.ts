export { registerAccountRoutes, type SessionGuard } from './account-routes.js';
export { DEFAULT_SESSION_RULES, type SessionRules } from './sessions.js';
export { withinScope } from './scope.js';
export type { ScryptCost } from './password.js';
export { createMonitoringAccount } from './account-client.js';
