import type { AgentEvent } from '../../agent/types.js';
import { serves } from '../take-ticket/agent-events.js';
import type { ApplyEvent } from './context.js';

/** The agent's pushed events as the apply flow's; null for those it does not act on. */
export function applyEventOf(event: AgentEvent): ApplyEvent | null {
  switch (event.type) {
    case 'resync':
      return {
        type: 'AGENT_RESYNC',
        readerAvailable: serves(event.devices, 'idCardReader'),
        printerAvailable: serves(event.devices, 'printer'),
        card: event.card,
      };
    case 'device-state':
      switch (event.device.status.device) {
        case 'idCardReader':
          return { type: 'READER_AVAILABILITY', available: event.device.severity !== 'fault' };
        // The confirmation offers the slip only while the printer can print it.
        case 'printer':
          return { type: 'PRINTER_AVAILABILITY', available: event.device.severity !== 'fault' };
        default:
          return null;
      }
    case 'card-read':
      return { type: 'CARD_READ', holder: event.holder };
    case 'card-unreadable':
      return { type: 'CARD_UNREADABLE', reason: event.reason };
    case 'card-removed':
      return { type: 'CARD_REMOVED' };
    case 'card-placed':
    case 'code-scanned':
    case 'code-rejected':
    case 'queue-called':
    case 'queue-changed':
    case 'staff-called': // the counters' consoles'
    case 'staff-call-answered':
    case 'notices': // the home screen's (lib/notices/), not a flow's
    case 'rating-requested':
      return null;
  }
}

/** While the stream is down no card can be read: the card step offers the keypad. */
export const APPLY_STREAM_LOST: ApplyEvent = { type: 'READER_AVAILABILITY', available: false };
