export { createRemoteConfig } from './remote-config.js';
export { createSessionActivity } from './session-activity.js';
export { superviseAgent, type RemoteStart } from './supervisor.js';
