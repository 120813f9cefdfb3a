import type { AgentEvent, QueueCall, WaitingCount } from '@bianmin/contract';

/** The agent's stream as a hall display or counter console takes it: queue events only. */
const EVENTS_URL = '/api/v1/events?for=display';

/** Waits before opening a new stream after the browser gave one up, doubling to the cap. */
const BACKOFF_MS = { first: 1000, max: 30_000 };

export type QueueEvent =
  /** A (re)connection: what was shown may be stale, ask for the whole state again. */
  { type: 'resync' } | Extract<AgentEvent, { type: 'queue-called' | 'queue-changed' }>;

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
      return { type: 'resync' };
    case 'queue-called':
      return isCall(message.call) ? { type: 'queue-called', call: message.call } : null;
    case 'queue-changed':
      return Array.isArray(message.waiting) && message.waiting.every(isCount)
        ? { type: 'queue-changed', waiting: message.waiting }
        : null;
    default:
      return null;
  }
}

/** The part of EventSource this module uses, so tests can drive a fake. */
export type QueueSource = Pick<EventSource, 'readyState' | 'onmessage' | 'onerror' | 'close'>;

/** EventSource.CLOSED: the browser will not reconnect this one by itself. */
const CLOSED = 2;

/**
 * Follows the queue. The browser reconnects a dropped stream by itself, and each connection
 * starts with a `resync`; one it gave up on is reopened here with backoff.
 */
export function openQueueEvents(options: {
  onEvent: (event: QueueEvent) => void;
  onLost: () => void;
  createSource?: (url: string) => QueueSource;
}): { close(): void } {
  const create = options.createSource ?? ((url: string) => new EventSource(url));
  let source: QueueSource | null = null;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let backoffMs = BACKOFF_MS.first;
  let closed = false;

  function connect(): void {
    const current = create(EVENTS_URL);
    source = current;
    current.onmessage = (message: MessageEvent<unknown>) => {
      const event = typeof message.data === 'string' ? parseQueueEvent(message.data) : null;
      if (!event) return;
      if (event.type === 'resync') backoffMs = BACKOFF_MS.first;
      options.onEvent(event);
    };
    current.onerror = () => {
      if (closed) return;
      options.onLost();
      if (current.readyState !== CLOSED) return;
      current.close();
      retry = setTimeout(connect, backoffMs);
      backoffMs = Math.min(backoffMs * 2, BACKOFF_MS.max);
    };
  }

  connect();
  return {
    close() {
      closed = true;
      clearTimeout(retry);
      source?.close();
    },
  };
}
