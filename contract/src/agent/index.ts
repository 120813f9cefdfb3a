export * from './kiosk.js';
export * from './dev.js';
export * from './api.js';
export * from './events.js';
export * from './scanned-text.js';
export * from './counter.js';
export * from './rating.js';
export * from './application.js';
