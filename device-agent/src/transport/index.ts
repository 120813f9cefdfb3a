export * from './byte-transport.js';
export * from './memory-pair.js';
export * from './serial.js';
export * from './lock.js';
export * from './exchange.js';
export * from './paced.js';
