import type { ErrorReply, TechnicianApi, TechnicianAuditQuery } from '@bianmin/contract';

const BASE = '/api/v1';
const TIMEOUT_MS = 30_000;

type Path = keyof TechnicianApi;

/** An answer, or the agent's refusal in words (its message is written for a person). */
export type Answer<T> = { ok: true; value: T } | { ok: false; status: number; message: string };

/**
 * Technician mode's calls. The session token lives in this module's memory only: never in
 * browser storage or a cookie, so a reload, the resident page and any other tab have none.
 */
let token: string | null = null;
let onSignedOut: () => void = () => {};

export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}

async function call<P extends Path>(
  path: P,
  body: TechnicianApi[P]['body'],
  options: { signal?: AbortSignal; timeoutMs?: number; query?: Record<string, string> } = {},
): Promise<Answer<TechnicianApi[P]['reply']>> {
  let reply: Response;
  const timeout = AbortSignal.timeout(options.timeoutMs ?? TIMEOUT_MS);
  try {
    const query = options.query ? `?${new URLSearchParams(options.query).toString()}` : '';
    reply = await fetch(`${BASE}${path}${query}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token && { authorization: `Bearer ${token}` }),
      },
      body: body === undefined ? null : JSON.stringify(body),
      cache: 'no-store',
      signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout,
    });
  } catch {
    if (options.signal?.aborted) return { ok: false, status: 0, message: '已取消。' };
    return { ok: false, status: 0, message: '终端服务没有应答，请稍后再试。' };
  }
  if (reply.status === 204) return { ok: true, value: undefined as TechnicianApi[P]['reply'] };
  const json: unknown = await reply.json().catch(() => null);
  if (reply.ok) return { ok: true, value: json as TechnicianApi[P]['reply'] };
  if (
    reply.status === 401 &&
    path !== '/technician/sign-in' &&
    path !== '/technician/card-sign-in'
  ) {
    token = null;
    onSignedOut();
  }
  const message = (json as Partial<ErrorReply> | null)?.message ?? `出错了（${reply.status}）。`;
  return { ok: false, status: reply.status, message };
}

export const technician = {
  async signIn(pin: string) {
    const answer = await call('/technician/sign-in', { pin });
    if (answer.ok) token = answer.value.token;
    return answer;
  },
  /** 刷技术员卡: the agent waits on the reader (up to 30 s); aborting `signal` ends the wait. */
  async signInByCard(signal: AbortSignal) {
    const answer = await call('/technician/card-sign-in', {}, { signal, timeoutMs: 40_000 });
    if (answer.ok) token = answer.value.token;
    return answer;
  },
  async signOut(): Promise<void> {
    if (token) await call('/technician/sign-out', {});
    token = null;
  },
  /** Asks for nothing: the agent counts it as activity, so a long form keeps the session. */
  stillHere: () => call('/technician/session', undefined),
  ports: () => call('/technician/ports', undefined),
  devices: () => call('/technician/devices', undefined),
  probe: (request: TechnicianApi['/technician/devices/probe']['body']) =>
    call('/technician/devices/probe', request),
  save: (request: TechnicianApi['/technician/devices/save']['body']) =>
    call('/technician/devices/save', request),
  undo: () => call('/technician/devices/undo', {}),
  testRead: () => call('/technician/devices/test-read', {}),
  testPrint: () => call('/technician/devices/test-print', {}),
  readiness: () => call('/technician/readiness', undefined),
  printReadiness: () => call('/technician/readiness/print', {}),
  sendReadiness: () => call('/technician/readiness/send', {}),
  audit: (query: TechnicianAuditQuery) => call('/technician/audit', undefined, { query }),
  enrol: (request: TechnicianApi['/technician/enrol']['body']) =>
    call('/technician/enrol', request),
};
