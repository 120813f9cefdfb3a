import type { AgentEvent, AgentEventType } from '@bianmin/contract';

/**
 * A server-sent-events client for tests and the benchmark (Node 20 has no EventSource): reads
 * the agent's stream over real HTTP, keeps the raw text and hands out the parsed events.
 */
export interface SseClient {
  /** The next event of `type` (events before it are passed over), or of any type. */
  next<T extends AgentEventType>(type?: T): Promise<Extract<AgentEvent, { type: T }>>;
  /** Everything received so far, exactly as sent. */
  raw(): string;
  /** Resolves when the agent ends the stream. */
  readonly ended: Promise<void>;
  close(): void;
}

export async function openSse(url: string): Promise<SseClient> {
  const abort = new AbortController();
  const reply = await fetch(url, {
    signal: abort.signal,
    headers: { accept: 'text/event-stream' },
  });
  if (!reply.ok || !reply.body) throw new Error(`the event stream answered ${reply.status}`);
  if (!reply.headers.get('content-type')?.startsWith('text/event-stream')) {
    throw new Error(`the event stream is ${reply.headers.get('content-type')}`);
  }
  const events: AgentEvent[] = [];
  let waiting: (() => void) | undefined;
  let text = '';
  let pending = '';
  let done = false;

  const ended = (async () => {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of reply.body!) {
        const piece = decoder.decode(chunk as Uint8Array, { stream: true });
        text += piece;
        pending += piece;
        let end: number;
        while ((end = pending.indexOf('\n\n')) >= 0) {
          const block = pending.slice(0, end);
          pending = pending.slice(end + 2);
          for (const line of block.split('\n')) {
            if (line.startsWith('data: ')) events.push(JSON.parse(line.slice(6)) as AgentEvent);
          }
        }
        waiting?.();
      }
    } catch {
      // Aborted by close().
    } finally {
      done = true;
      waiting?.();
    }
  })();

  return {
    async next(type) {
      for (;;) {
        const event = events.shift();
        if (event && (type === undefined || event.type === type)) return event as never;
        if (event) continue;
        if (done) throw new Error(`the stream ended before a ${type ?? 'further'} event`);
        await new Promise<void>((resolve) => (waiting = resolve));
      }
    },
    raw: () => text,
    ended,
    close: () => abort.abort(),
  };
}
