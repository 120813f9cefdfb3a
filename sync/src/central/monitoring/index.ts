export { registerMonitoringRoutes } from './monitoring-routes.js';
export { createSqliteMonitoringStore } from './monitoring-store.js';
export { registerMonitorApp } from './monitor-app.js';
