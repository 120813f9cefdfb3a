import type {
  AgentEvent,
  Notices,
  QueueCall,
  StaffCall,
  StaffCallAnswer,
  WaitingCount,
} from '@bianmin/contract';
import { openReconnectingStream, type StreamOptions } from '../agent/reconnecting-stream.js';
import { isNotices } from '../notices/parse.js';

/** The agent's stream as a hall display or counter console takes it: queue events only. */
const EVENTS_URL = '/api/v1/events?for=display';

export type QueueEvent =
  /** A (re)connection: what was shown may be stale, ask for the whole state again. */
  | { type: 'resync'; notices?: Notices }
  | Extract<
      AgentEvent,
      {
        type: 'queue-called' | 'queue-changed' | 'notices' | 'staff-called' | 'staff-call-answered';
      }
    >;

type Fields = Record<string, unknown>;
const isFields = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const CALL_KINDS: Record<QueueCall['call'], true> = {
  first: true,
  recall: true,
  'call-back': true,
};

const isCall = (c: unknown): c is QueueCall =>
  isFields(c) &&
  typeof c.ticketNumber === 'string' &&
  typeof c.serviceId === 'string' &&
  typeof c.counter === 'number' &&
  typeof c.counterName === 'string' &&
  typeof c.call === 'string' &&
  Object.hasOwn(CALL_KINDS, c.call);

const isStaffCall = (c: unknown): c is StaffCall =>
  isFields(c) &&
  typeof c.id === 'number' &&
  typeof c.screen === 'string' &&
  typeof c.calledAt === 'string';

const isStaffCallAnswer = (a: unknown): a is StaffCallAnswer =>
  isFields(a) &&
  typeof a.id === 'number' &&
  typeof a.counter === 'number' &&
  typeof a.counterName === 'string';

const isCount = (w: unknown): w is WaitingCount =>
  isFields(w) && typeof w.serviceId === 'string' && typeof w.waiting === 'number';

/**
 * One message's data as a queue event, or null for anything else: checked by hand, as the
 * kiosk's stream is (no validator ships to the browser).
 */
export function parseQueueEvent(data: string): QueueEvent | null {
  let message: unknown;
  try {
    message = JSON.parse(data);
  } catch {
    return null;
  }
  if (!isFields(message)) return null;
  switch (message.type) {
    case 'resync':
      return isNotices(message.notices)
        ? { type: 'resync', notices: message.notices }
        : { type: 'resync' };
    case 'notices':
      return isNotices(message.notices) ? { type: 'notices', notices: message.notices } : null;
    case 'queue-called':
      return isCall(message.call) ? { type: 'queue-called', call: message.call } : null;
    case 'queue-changed':
      return Array.isArray(message.waiting) && message.waiting.every(isCount)
        ? { type: 'queue-changed', waiting: message.waiting }
        : null;
    case 'staff-called':
      return isStaffCall(message.call) ? { type: 'staff-called', call: message.call } : null;
    case 'staff-call-answered':
      return isStaffCallAnswer(message.answer)
        ? { type: 'staff-call-answered', answer: message.answer }
        : null;
    default:
      return null;
  }
}

export type { EventSourceLike as QueueSource } from '../agent/reconnecting-stream.js';

/** Follows the queue (reconnecting-stream.ts says how it recovers). */
export const openQueueEvents = (options: StreamOptions<QueueEvent>): { close(): void } =>
  openReconnectingStream(EVENTS_URL, parseQueueEvent, options);
