import { err, ok, type Result } from '@bianmin/common';
import type { ErrorReply } from '@bianmin/contract';
import { parseRetryAfter } from './backoff.js';
import type { UploadError } from './upload-error.js';

/** POSTs a JSON body and returns the parsed JSON reply of a 2xx, or why it failed. */
export async function postJson(
  fetchFn: typeof fetch,
  url: string,
  body: unknown,
  timeoutMs: number,
): Promise<Result<unknown, UploadError>> {
  let response: Response;
  let text: string;
  try {
    response = await fetchFn(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (e) {
    return err({ kind: 'network', detail: describeNetworkError(e, timeoutMs) });
  }
  if (!response.ok) {
    const error: UploadError = {
      kind: 'http',
      status: response.status,
      detail: messageOf(text) ?? response.statusText,
    };
    if (response.status === 429 || response.status === 503) {
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now());
      if (retryAfterMs !== undefined) error.retryAfterMs = retryAfterMs;
    }
    return err(error);
  }
  try {
    return ok(JSON.parse(text) as unknown);
  } catch {
    return err({ kind: 'bad-response', detail: `HTTP ${response.status} reply is not JSON` });
  }
}

function describeNetworkError(e: unknown, timeoutMs: number): string {
  if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError')) {
    return `no reply within ${timeoutMs} ms`;
  }
  // undici wraps the socket error (ECONNREFUSED, ENOTFOUND, ...) in `cause`.
  const cause = e instanceof Error ? (e.cause as { code?: unknown } | undefined) : undefined;
  if (typeof cause?.code === 'string') return cause.code;
  return e instanceof Error ? e.message : String(e);
}

/** The centre's error replies are ErrorReply; anything else is cut short. */
function messageOf(text: string): string | undefined {
  try {
    const parsed = JSON.parse(text) as Partial<Record<keyof ErrorReply, unknown>>;
    if (typeof parsed.message === 'string') return parsed.message;
  } catch {
    // not JSON: fall through to a trimmed excerpt
  }
  const excerpt = text.trim().slice(0, 200);
  return excerpt === '' ? undefined : excerpt;
}
