export { registerMonitoringRoutes } from './monitoring-routes.js';
export { createSqliteMonitoringStore, createMonitoringIndexes } from './monitoring-store.js';
export type { MonitoringStore } from './monitoring-store.js';
export { registerMonitorApp, MONITOR_PREFIX } from './monitor-app.js';
