import type { AgentEvent } from '../../agent/types.js';
import type { SessionEvent } from './context.js';

type Devices = Extract<AgentEvent, { type: 'resync' }>['devices'];

/** Without storage the terminal cannot record a ticket (as in the take-ticket flow). */
const serviceAvailable = (devices: Devices) =>
  devices.every((d) => d.status.device !== 'storage' || d.severity !== 'fault');

/**
 * The agent's pushed events as the session's: only whether tickets can be issued, which the
 * session hands to the take-ticket flow it starts. Card events go to that flow directly.
 */
export function sessionEventOf(event: AgentEvent): SessionEvent | null {
  switch (event.type) {
    case 'resync':
      return { type: 'SERVICE_AVAILABILITY', available: serviceAvailable(event.devices) };
    case 'device-state':
      return event.device.status.device === 'storage'
        ? { type: 'SERVICE_AVAILABILITY', available: event.device.severity !== 'fault' }
        : null;
    case 'card-placed':
    case 'card-read':
    case 'card-unreadable':
    case 'card-removed':
    case 'code-scanned':
    case 'code-rejected':
    case 'queue-called':
    case 'queue-changed':
    case 'staff-called': // the counters' consoles'
    case 'staff-call-answered':
    case 'notices': // the home screen's (lib/notices/), not a flow's
      return null;
    case 'rating-requested':
      return { type: 'RATING_REQUESTED', serviceId: event.request.serviceId };
  }
}
