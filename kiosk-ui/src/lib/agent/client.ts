import type { CardReadResult, KioskInfo, TicketRequest, TicketResponse } from './types.js';

const BASE = '/api/v1';

/** A hung agent must not leave a resident on a spinner: every call gives up in time. */
const TIMEOUT_MS = { default: 10_000, ticket: 20_000 };

async function call<T>(
  path: string,
  body?: unknown,
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<T> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? TIMEOUT_MS.default);
  const reply = await fetch(`${BASE}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
    cache: 'no-store',
    signal: options.signal ? AbortSignal.any([timeout, options.signal]) : timeout,
  });
  if (!reply.ok) throw new Error(`agent answered ${reply.status} for ${path}`);
  return (await reply.json()) as T;
}

/** Fire-and-forget notices: a failure must never block the resident. */
function notify(path: string, body: unknown): void {
  void call(path, body).catch(() => undefined);
}

export const agent = {
  kioskInfo: () => call<KioskInfo>('/kiosk'),
  /** Aborted when the resident leaves the card step, so no read is left running. */
  readCard: (signal?: AbortSignal) =>
    call<CardReadResult>('/id-card/read', {}, signal ? { signal } : {}),
  issueTicket: (request: TicketRequest) =>
    call<TicketResponse>('/tickets', request, { timeoutMs: TIMEOUT_MS.ticket }),
  sessionStarted: () => notify('/session/start', {}),
  sessionEnded: (reason: string) => notify('/session/end', { reason }),
  callStaff: (screen: string) => call<{ accepted: boolean }>('/staff-call', { screen }),
};
