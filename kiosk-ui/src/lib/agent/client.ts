import type {
  CardReadResult,
  KioskInfo,
  PrioritySource,
  TicketRequest,
  TicketResponse,
} from './types.js';

const BASE = '/agent/api/v1';

async function call<T>(path: string, body?: unknown): Promise<T> {
  const reply = await fetch(`${BASE}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
    cache: 'no-store',
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
  readCard: () => call<CardReadResult>('/id-card/read', {}),
  issueTicket: (request: TicketRequest) => call<TicketResponse>('/tickets', request),
  sessionStarted: () => notify('/session/start', {}),
  sessionEnded: (reason: string) => notify('/session/end', { reason }),
  callStaff: (screen: string) => call<{ accepted: boolean }>('/staff-call', { screen }),
};

export type { PrioritySource };
