import type { AgentEvent } from '../../agent/types.js';
import type { TakeTicketEvent } from './context.js';

/** The reader can serve residents unless the registry calls its state a fault. */
const readerAvailable = (devices: Extract<AgentEvent, { type: 'resync' }>['devices']) =>
  devices.every((d) => d.status.device !== 'idCardReader' || d.severity !== 'fault');

/** Without storage the terminal cannot record a ticket: out of service until it recovers. */
const serviceAvailable = (devices: Extract<AgentEvent, { type: 'resync' }>['devices']) =>
  devices.every((d) => d.status.device !== 'storage' || d.severity !== 'fault');

/** The agent's pushed events as this flow's events; null for those it does not act on. */
export function flowEventOf(event: AgentEvent): TakeTicketEvent | null {
  switch (event.type) {
    case 'resync':
      return {
        type: 'AGENT_RESYNC',
        readerAvailable: readerAvailable(event.devices),
        serviceAvailable: serviceAvailable(event.devices),
        card: event.card,
      };
    case 'device-state':
      switch (event.device.status.device) {
        case 'idCardReader':
          return { type: 'READER_AVAILABILITY', available: event.device.severity !== 'fault' };
        case 'storage':
          return { type: 'SERVICE_AVAILABILITY', available: event.device.severity !== 'fault' };
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
      // The read's outcome follows within the same poll; there is nothing to show before it.
      return null;
    case 'code-scanned':
    case 'code-rejected':
      // This flow takes no code; it never asks for one (POST /scanner/watch).
      return null;
  }
}

/** While the stream is down no card can be read: the card step offers to skip. */
export const STREAM_LOST: TakeTicketEvent = { type: 'READER_AVAILABILITY', available: false };
