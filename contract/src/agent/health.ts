import { Type, type Static } from 'typebox';
import { DeviceStatesSchema } from '../devices.js';
import { closed } from '../schema.js';

/** Outside the API prefix: supervisors, update.sh and the release's health check read it. */
export const AGENT_HEALTH_PATH = '/healthz';

/** The agent's `/healthz`: 200 with `ok` true, 503 while storage cannot take a ticket. */
export const AgentHealthSchema = closed({
  ok: Type.Boolean(),
  devices: DeviceStatesSchema,
  /**
   * A resident's session is in progress, or its 好差评 may still be (docs/remote-config.md):
   * update.sh waits for false before it restarts the agent and the screen.
   */
  residentBusy: Type.Boolean(),
});
export type AgentHealth = Static<typeof AgentHealthSchema>;
