export * from './frame.js';
export * from './displays.js';
export * from './simulator.js';
