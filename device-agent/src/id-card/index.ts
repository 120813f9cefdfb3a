export * from './frame.js';
export * from './commands.js';
export * from './holder.js';
export * from './id-number.js';
export { ageOn, isIsoDate } from './dates.js';
export * from './text-block.js';
export * from './reader.js';
export * from './simulator.js';
export * from './sample-identities.js';
