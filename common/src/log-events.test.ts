import { describe, expect, it } from 'vitest';
import { AGENT_EVENTS } from './log-events/agent.js';
import { CENTRAL_EVENTS } from './log-events/central.js';
import { COUNTER_EVENTS } from './log-events/counter.js';
import { DEVICE_EVENTS } from './log-events/device.js';
import { RESIDENT_EVENTS } from './log-events/resident.js';
import { SYNC_EVENTS } from './log-events/sync.js';
import { TECHNICIAN_EVENTS } from './log-events/technician.js';
import { TICKET_EVENTS } from './log-events/ticket.js';
import { LOG_EVENTS } from './log-events.js';

const PARTS = [
  AGENT_EVENTS,
  DEVICE_EVENTS,
  RESIDENT_EVENTS,
  TICKET_EVENTS,
  TECHNICIAN_EVENTS,
  COUNTER_EVENTS,
  SYNC_EVENTS,
  CENTRAL_EVENTS,
];

describe('the log-event catalogue', () => {
  // The catalogue spreads its parts into one object, where a second part's event of the same id
  // would silently replace the first's.
  it('names each event in one part only', () => {
    const ids = PARTS.flatMap((part) => Object.keys(part));
    expect(ids.length).toBe(new Set(ids).size);
    expect(Object.keys(LOG_EVENTS)).toHaveLength(ids.length);
  });
});
