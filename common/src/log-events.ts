import { AGENT_EVENTS } from './log-events/agent.js';
import { CENTRAL_EVENTS } from './log-events/central.js';
import { COUNTER_EVENTS } from './log-events/counter.js';
import { DEVICE_EVENTS } from './log-events/device.js';
import { RESIDENT_EVENTS } from './log-events/resident.js';
import type { LogEventSpec } from './log-events/spec.js';
import { SYNC_EVENTS } from './log-events/sync.js';
import { TECHNICIAN_EVENTS } from './log-events/technician.js';
import { TICKET_EVENTS } from './log-events/ticket.js';

export type { LogEventSpec, LogEventType } from './log-events/spec.js';

/**
 * The one catalogue of log events. Every log line the agent or the centre writes names an
 * id from here; docs/log-events.md is generated from it (`npm run docs:log-events`), in this
 * order. Each part lists one area's events (./log-events/). Fields carry ids, counts, kinds
 * and durations only, never personal data.
 */
export const LOG_EVENTS = {
  ...AGENT_EVENTS,
  ...DEVICE_EVENTS,
  ...RESIDENT_EVENTS,
  ...TICKET_EVENTS,
  ...TECHNICIAN_EVENTS,
  ...COUNTER_EVENTS,
  ...SYNC_EVENTS,
  ...CENTRAL_EVENTS,
} as const satisfies Record<string, LogEventSpec>;

export type LogEventId = keyof typeof LOG_EVENTS;
