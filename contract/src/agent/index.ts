export * from './kiosk.js';
export * from './dev.js';
export * from './dev-counter.js';
export * from './api.js';
export * from './events.js';
export * from './scanned-text.js';
export * from './counter.js';
export * from './rating.js';
