export { registerMonitoringRoutes } from './monitoring-routes.js';
export { registerMonitorApp } from './monitor-app.js';
export { createUsageRollup } from './usage-rollup.js';
