import type { AgentEvent } from '../../agent/types.js';
import { flowEventOf } from '../take-ticket/agent-events.js';
import type { ApplyEvent } from './context.js';

/**
 * The agent's pushed events as the apply flow's; null for those it does not act on. The same
 * reading of the stream as the take-ticket flow's, less storage: the apply flow learns of it
 * from the session (it is not started while storage is faulted) and from its submission's answer.
 * The printer's state decides whether the confirmation offers the slip.
 */
export function applyEventOf(event: AgentEvent): ApplyEvent | null {
  const flowEvent = flowEventOf(event);
  switch (flowEvent?.type) {
    case undefined:
    case 'SERVICE_AVAILABILITY':
      return null;
    case 'AGENT_RESYNC': {
      const { readerAvailable, printerAvailable, card } = flowEvent;
      return { type: 'AGENT_RESYNC', readerAvailable, printerAvailable, card };
    }
    default:
      return flowEvent;
  }
}

/** While the stream is down no card can be read: the card step offers the keypad. */
export const APPLY_STREAM_LOST: ApplyEvent = { type: 'READER_AVAILABILITY', available: false };
