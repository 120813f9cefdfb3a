import type { Static } from 'typebox';
import { IsoTime, closed, oneOf } from '../schema.js';

/**
 * What a terminal says it could serve (docs/coverage.md): its own record, kept while offline
 * and sent through the outbox, one interval per event. Times are the terminal's clock; the
 * centre moves them by the same offset as the event's created time.
 *
 * - in-service: within its service hours, running, every device residents need working
 * - device-fault: within its service hours, running, a device residents need faulted
 * - closed: outside its weekly service hours
 * - off: the agent was not running (between its last record and a restart)
 */
export const SERVICE_STATES = ['in-service', 'device-fault', 'closed', 'off'] as const;
export type ServiceState = (typeof SERVICE_STATES)[number];

export const ServiceTimeSchema = closed({
  state: oneOf(SERVICE_STATES),
  /** Start of the interval, included. */
  from: IsoTime,
  /** End of the interval, excluded; not before `from`. */
  to: IsoTime,
});
export type ServiceTime = Static<typeof ServiceTimeSchema>;
