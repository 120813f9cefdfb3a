export * from './result.js';
export * from './log-events.js';
export * from './logger.js';
export * from './log-events-doc.js';
