// SQLite is a subpath export (@bianmin/common/sqlite): what needs only results or logging
// (config, the contract) does not load the native module.
export * from './result.js';
export * from './log-events.js';
export * from './logger.js';
export * from './log-events-doc.js';
export * from './periodic.js';
export * from './manual-clock.js';
export * from './local-time.js';
export * from './version.js';
