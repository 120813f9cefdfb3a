export { buildAgent, type Agent, type AgentOptions } from './agent/app.js';
export { createDevices, type TerminalDevices } from './agent/devices.js';
export * from './transport/index.js';
