import type { AgentEvent } from '../../agent/types.js';
import type { TakeTicketEvent } from './context.js';

type DeviceReports = Extract<AgentEvent, { type: 'resync' }>['devices'];
type DeviceName = DeviceReports[number]['status']['device'];

/**
 * A device serves unless the registry calls its state a fault (a warning such as paper near
 * end still serves). The reader reads cards; storage records tickets, so without it the
 * terminal is out of service; the printer prints slips.
 */
export const serves = (devices: DeviceReports, device: DeviceName) =>
  devices.every((d) => d.status.device !== device || d.severity !== 'fault');

/** The events the agent's stream gives this flow: its devices' states and the card's news. */
export type AgentFlowEvent = Extract<
  TakeTicketEvent,
  {
    type:
      | 'AGENT_RESYNC'
      | 'READER_AVAILABILITY'
      | 'SERVICE_AVAILABILITY'
      | 'PRINTER_AVAILABILITY'
      | 'CARD_READ'
      | 'CARD_UNREADABLE'
      | 'CARD_REMOVED';
  }
>;

/** The agent's pushed events as this flow's events; null for those it does not act on. */
export function flowEventOf(event: AgentEvent): AgentFlowEvent | null {
  switch (event.type) {
    case 'resync':
      return {
        type: 'AGENT_RESYNC',
        readerAvailable: serves(event.devices, 'idCardReader'),
        serviceAvailable: serves(event.devices, 'storage'),
        printerAvailable: serves(event.devices, 'printer'),
        card: event.card,
      };
    case 'device-state':
      switch (event.device.status.device) {
        case 'idCardReader':
          return { type: 'READER_AVAILABILITY', available: event.device.severity !== 'fault' };
        case 'storage':
          return { type: 'SERVICE_AVAILABILITY', available: event.device.severity !== 'fault' };
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
      // The read's outcome follows within the same poll; there is nothing to show before it.
      return null;
    case 'code-scanned':
    case 'code-rejected':
    case 'queue-called':
    case 'queue-changed':
    case 'staff-called': // the counters' consoles'
    case 'staff-call-answered':
    case 'notices': // the home screen's (lib/notices/), not a flow's
    case 'rating-requested':
      // This flow takes no code; it never asks for one (POST /scanner/watch).
      return null;
  }
}

/** While the stream is down no card can be read: the card step offers to skip. */
export const STREAM_LOST: TakeTicketEvent = { type: 'READER_AVAILABILITY', available: false };
