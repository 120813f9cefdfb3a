export { snapshot, heartbeatBody } from './fixtures.js';
