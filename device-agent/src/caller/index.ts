export * from './frame.js';
export * from './frame-assembler.js';
export * from './keys.js';
export * from './bus.js';
export * from './simulator.js';
export * from './queue-keys.js';
