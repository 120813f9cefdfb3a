/** A misconfigured proxy must not park a terminal for days with one header. */
export const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

/**
 * Exponential backoff with full jitter: a uniform wait in [0, min(cap, base * 2^(n-1))).
 * Full jitter spreads a whole district's retries after a centre outage instead of having
 * every terminal retry in lock step.
 */
export function backoffDelayMs(options: {
  failures: number;
  baseMs: number;
  capMs: number;
  random: () => number;
}): number {
  const exponent = Math.min(Math.max(options.failures - 1, 0), 30);
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** exponent);
  return Math.floor(options.random() * ceiling);
}

/** The wait before the next retry: never sooner than the centre's Retry-After. */
export function retryDelayMs(options: {
  failures: number;
  baseMs: number;
  capMs: number;
  random: () => number;
  retryAfterMs?: number | undefined;
}): number {
  const jittered = backoffDelayMs(options);
  if (options.retryAfterMs === undefined) return jittered;
  return Math.max(jittered, Math.min(options.retryAfterMs, MAX_RETRY_AFTER_MS));
}

/** Parses Retry-After (delta-seconds or an HTTP date) into milliseconds from now. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
