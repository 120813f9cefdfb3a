export * from './announcement.js';
export * from './engine.js';
export * from './espeak.js';
export * from './announcer.js';
export * from './read-aloud.js';
