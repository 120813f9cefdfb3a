import type { CounterApi, HallSnapshot } from '@bianmin/contract';

const BASE = '/api/v1';
/** Staff are waiting at the button: a hung agent must answer "failed", not spin. */
const TIMEOUT_MS = 8000;

type Path = keyof CounterApi;

/** A reply, or why there is none: the agent's error code, or 'unreachable'. */
export type Answer<T> =
  { ok: true; value: T } | { ok: false; error: string; retryAfterSeconds: number | null };

/** `/counters/:number/...` with the counter filled in. */
const fill = (path: string, counter: number | null) =>
  counter === null ? path : path.replace(':number', String(counter));

/**
 * The counters' API as the console calls it; the session cookie goes with each call (same
 * origin). The reply type follows from the path.
 */
export async function counterCall<P extends Path>(
  path: P,
  counter: number | null,
  body: CounterApi[P]['body'],
): Promise<Answer<CounterApi[P]['reply']>> {
  let reply: Response;
  try {
    reply = await fetch(`${BASE}${fill(path, counter)}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
      cache: 'no-store',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    return { ok: false, error: 'unreachable', retryAfterSeconds: null };
  }
  const json: unknown = await reply.json().catch(() => null);
  if (reply.ok) return { ok: true, value: json as CounterApi[P]['reply'] };
  const error =
    typeof json === 'object' && json !== null && 'error' in json && typeof json.error === 'string'
      ? json.error
      : `http-${reply.status}`;
  const retryAfter = Number(reply.headers.get('retry-after'));
  return { ok: false, error, retryAfterSeconds: retryAfter > 0 ? retryAfter : null };
}

export const hallSnapshot = (): Promise<Answer<HallSnapshot>> =>
  counterCall('/hall', null, undefined);
