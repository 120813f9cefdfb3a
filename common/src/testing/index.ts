// Test support shared by every workspace's tests: never imported by production code.
export { captureLogger, eventsNamed } from './capture-logger.js';
export { openNetworkSwitch, type NetworkSwitch } from './network-switch.js';
export { makeTempDir, type TempDir } from './temp-dir.js';
