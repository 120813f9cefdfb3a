import type { AgentEvent } from '../../agent/types.js';
import { serves } from '../take-ticket/agent-events.js';
import type { SessionEvent } from './context.js';

/**
 * The agent's pushed events as the session's: only whether tickets can be issued, cards read
 * and slips printed, which the session hands to the flows it starts, so their first screen says
 * it, and which a guide's take-away offers by. Card events go to those flows directly.
 */
export function sessionEventOf(event: AgentEvent): SessionEvent | null {
  switch (event.type) {
    case 'resync':
      return {
        type: 'AGENT_RESYNC',
        serviceAvailable: serves(event.devices, 'storage'),
        readerAvailable: serves(event.devices, 'idCardReader'),
        printerAvailable: serves(event.devices, 'printer'),
      };
    case 'device-state':
      switch (event.device.status.device) {
        case 'storage':
          return { type: 'SERVICE_AVAILABILITY', available: event.device.severity !== 'fault' };
        case 'idCardReader':
          return { type: 'READER_AVAILABILITY', available: event.device.severity !== 'fault' };
        case 'printer':
          return { type: 'PRINTER_AVAILABILITY', available: event.device.severity !== 'fault' };
        default:
          return null;
      }
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
