import { err, ok, type Result } from '@bianmin/common';
import { SERVER_TIME_HEADER } from '@bianmin/contract';
import { asciiJsonBytes } from './ascii-json.js';
import { parseRetryAfter } from './backoff.js';
import { readErrorReply } from './centre-replies.js';
import type { HttpPost, HttpReply } from './http-post.js';
import type { RequestSigner } from './request-signer.js';
import type { UploadError } from './upload-error.js';

export interface JsonPost {
  send: HttpPost;
  /** The centre's base URL, without a trailing slash. */
  baseUrl: string;
  /** The route's path, e.g. /api/v1/events: what the signature covers. */
  path: string;
  body: unknown;
  timeoutMs: number;
  signer: RequestSigner;
}

/**
 * POSTs a signed JSON body and returns the parsed JSON reply of a 2xx, or why it failed. A
 * refusal for clock skew is retried once, signed by the centre's clock the refusal taught.
 */
export async function postJson(post: JsonPost): Promise<Result<unknown, UploadError>> {
  const bytes = asciiJsonBytes(post.body);
  const first = await postOnce(post, bytes);
  if (!first.ok && first.error.kind === 'http' && first.error.code === 'clock-skew') {
    return postOnce(post, bytes);
  }
  return first;
}

async function postOnce(post: JsonPost, bytes: Buffer): Promise<Result<unknown, UploadError>> {
  let response: HttpReply;
  try {
    response = await post.send(post.baseUrl + post.path, {
      headers: {
        'content-type': 'application/json',
        ...post.signer.headers('POST', post.path, bytes),
      },
      body: bytes,
      timeoutMs: post.timeoutMs,
    });
  } catch (e) {
    return err({ kind: 'network', detail: describeNetworkError(e, post.timeoutMs) });
  }
  const { text } = response;
  post.signer.observe(response.header);
  if (response.status < 200 || response.status > 299) {
    const reply = errorReplyOf(text);
    const error: UploadError = {
      kind: 'http',
      status: response.status,
      detail: reply.message ?? response.statusText,
      ...(reply.code !== undefined && { code: reply.code }),
    };
    if (response.status === 429 || response.status === 503) {
      const retryAfterMs = parseRetryAfter(response.header('retry-after'), replyTimeMs(response));
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

/**
 * When the reply was made, by the clock of whoever made it: a Retry-After date is on that
 * clock, and the terminal's own is often hours off (docs/protocol.md, "Clocks"). The centre's
 * server-time header, else the Date header (a proxy's), else the terminal's clock.
 */
function replyTimeMs(response: HttpReply): number {
  const serverTime = response.header(SERVER_TIME_HEADER);
  if (serverTime !== null && /^\d{1,15}$/.test(serverTime)) return Number(serverTime);
  const date = Date.parse(response.header('date') ?? '');
  return Number.isNaN(date) ? Date.now() : date;
}

function describeNetworkError(e: unknown, timeoutMs: number): string {
  if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError')) {
    return `no reply within ${timeoutMs} ms`;
  }
  // node:http puts the socket error (ECONNREFUSED, ENOTFOUND, ...) in `code`; fetch (undici)
  // wraps it in `cause`.
  const own = e instanceof Error ? (e as { code?: unknown }).code : undefined;
  if (typeof own === 'string') return own;
  const cause = e instanceof Error ? (e.cause as { code?: unknown } | undefined) : undefined;
  if (typeof cause?.code === 'string') return cause.code;
  return e instanceof Error ? e.message : String(e);
}

/** The centre's error replies are ErrorReply; anything else (a proxy's page) is cut short. */
function errorReplyOf(text: string): { message?: string; code?: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: a trimmed excerpt below
  }
  const reply = readErrorReply(parsed);
  if (reply.ok) return { message: reply.value.message, code: reply.value.error.slice(0, 64) };
  const excerpt = text.trim().slice(0, 200);
  return excerpt === '' ? {} : { message: excerpt };
}
