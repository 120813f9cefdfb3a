export * from './aim.js';
export * from './line-assembler.js';
export * from './scanned-code.js';
export * from './scanner.js';
export * from './simulator.js';
export * from './scan-watcher.js';
export * from './hid-pos.js';
