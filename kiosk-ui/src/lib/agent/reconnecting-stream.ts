/** Waits before opening a new stream after the browser gave one up, doubling to the cap. */
const BACKOFF_MS = { first: 1000, max: 30_000 };

/** EventSource.CLOSED: the browser will not reconnect this one by itself. */
const CLOSED = 2;

/** The part of EventSource the streams use, so tests can drive a fake. */
export type EventSourceLike = Pick<EventSource, 'readyState' | 'onmessage' | 'onerror' | 'close'>;

export interface StreamOptions<E> {
  onEvent: (event: E) => void;
  /** The stream is down: nothing can arrive until the next `resync`. */
  onLost: () => void;
  createSource?: (url: string) => EventSourceLike;
}

/**
 * One of the agent's server-sent event streams, each message checked by `parse`. The browser
 * reconnects a dropped stream by itself; one it gave up on (the agent answered an error) is
 * reopened here with backoff. Every connection starts with a `resync`, which is how a page
 * learns the state it missed, and which resets the backoff.
 */
export function openReconnectingStream<E extends { type: string }>(
  url: string,
  parse: (data: string) => E | null,
  options: StreamOptions<E>,
): { close(): void } {
  const create = options.createSource ?? ((at: string) => new EventSource(at));
  let source: EventSourceLike | null = null;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let backoffMs = BACKOFF_MS.first;
  let closed = false;

  function connect(): void {
    const current = create(url);
    source = current;
    current.onmessage = (message: MessageEvent<unknown>) => {
      const event = typeof message.data === 'string' ? parse(message.data) : null;
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
