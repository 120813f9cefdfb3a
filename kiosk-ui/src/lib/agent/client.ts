import type {
  ApplicationPrintRequest,
  ApplicationRequest,
  ErrorReply,
  GuidePrintRequest,
  KioskApi,
  Rating,
  ReadAloudRequest,
  ReprintRequest,
  SessionEndRequest,
  TicketRequest,
} from '@bianmin/contract';
import type { Answer, ApplicationRefusalReply } from './types.js';

const BASE = '/api/v1';

/** A hung agent must not leave a resident on a spinner: every call gives up in time. */
// A text read aloud: a guide's page at espeak-ng's 150 words a minute, and time paused.
const TIMEOUT_MS = { default: 10_000, ticket: 20_000, readAloud: 600_000 };

type Path = keyof KioskApi;

function send<P extends Path>(
  path: P,
  body: KioskApi[P]['body'],
  options: { timeoutMs?: number; signal?: AbortSignal },
): Promise<Response> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? TIMEOUT_MS.default);
  return fetch(`${BASE}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
    cache: 'no-store',
    signal: options.signal ? AbortSignal.any([timeout, options.signal]) : timeout,
  });
}

/** The reply type follows from the path; the body must be the one that path takes. */
async function call<P extends Path>(
  path: P,
  body: KioskApi[P]['body'],
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<KioskApi[P]['reply']> {
  const reply = await send(path, body, options);
  if (!reply.ok) throw new Error(`agent answered ${reply.status} for ${path}`);
  // 204: the routes without a reply body (their reply type is undefined).
  return (reply.status === 204 ? undefined : await reply.json()) as KioskApi[P]['reply'];
}

/** For a call whose refusals the flow answers each in its own way (the apply flow's). */
async function ask<P extends Path, Refusal = ErrorReply>(
  path: P,
  body: KioskApi[P]['body'],
  options: { timeoutMs?: number } = {},
): Promise<Answer<KioskApi[P]['reply'], Refusal>> {
  let reply: Response;
  try {
    reply = await send(path, body, options);
  } catch {
    return { ok: false, status: 0, refusal: {} };
  }
  const json: unknown = await reply.json().catch(() => null);
  if (reply.ok) return { ok: true, value: json as KioskApi[P]['reply'] };
  const refusal = typeof json === 'object' && json !== null ? (json as Partial<Refusal>) : {};
  return { ok: false, status: reply.status, refusal };
}

/** Fire-and-forget notices: a failure must never block the resident. */
function notify<P extends Path>(path: P, body: KioskApi[P]['body']): void {
  void call(path, body).catch(() => undefined);
}

/** Watch calls go one after another, so an "off" can never overtake the "on" before it. */
let lastWatch: Promise<unknown> = Promise.resolve();
function watchCard(on: boolean, forApplication = false): Promise<void> {
  const body = forApplication ? { on, forApplication } : { on };
  const next = lastWatch.catch(() => undefined).then(() => call('/id-card/watch', body));
  lastWatch = next;
  return next;
}

/** This page's name for its texts to the agent's voice, and the number of the last one. */
const VOICE_PAGE = Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) =>
  b.toString(16).padStart(2, '0'),
).join('');
let voiceTurn = 0;

export const agent = {
  kioskInfo: () => call('/kiosk', undefined),
  /** On while the card step is shown: the agent reads the reader only then (event-stream.ts). */
  watchCard,
  issueTicket: (request: TicketRequest) =>
    call('/tickets', request, { timeoutMs: TIMEOUT_MS.ticket }),
  /** Only on the resident's request: the agent never prints a slip twice by itself. */
  reprintTicket: (request: ReprintRequest) =>
    call('/tickets/reprint', request, { timeoutMs: TIMEOUT_MS.ticket }),
  sessionStarted: () => notify('/session/start', {}),
  sessionEnded: (reason: SessionEndRequest['reason']) => notify('/session/end', { reason }),
  callStaff: (screen: string) => call('/staff-call', { screen }),
  /** Resolves once the agent has committed the rating to its outbox. */
  submitRating: (rating: Rating) => call('/ratings', rating),
  /** Its receipt once the agent's connector has committed it (docs/flows.md), or why not. */
  submitApplication: (request: ApplicationRequest) =>
    ask<'/applications', ApplicationRefusalReply>('/applications', request, {
      timeoutMs: TIMEOUT_MS.ticket,
    }),
  printApplication: (request: ApplicationPrintRequest) =>
    call('/applications/print', request, { timeoutMs: TIMEOUT_MS.ticket }),
  /** The service's id only: the agent prints the guide from its own catalogue. */
  printGuide: (request: GuidePrintRequest) =>
    call('/guides/print', request, { timeoutMs: TIMEOUT_MS.ticket }),
  /**
   * The agent's voice, for a language the browser has none for (lib/speech.ts): `say` answers
   * once the text has ended, so it waits as long as a long text takes. 暂停, 继续 and 停止 name
   * the last text sent, so one that overtakes a newer text on its way is not taken for it.
   */
  voice: {
    say: async (utterance: Omit<ReadAloudRequest, 'page' | 'id'>) => {
      voiceTurn += 1;
      const request = { ...utterance, page: VOICE_PAGE, id: voiceTurn };
      return (await call('/read-aloud', request, { timeoutMs: TIMEOUT_MS.readAloud })).ended;
    },
    pause: () => notify('/read-aloud/pause', { page: VOICE_PAGE, id: voiceTurn }),
    resume: () => notify('/read-aloud/resume', { page: VOICE_PAGE, id: voiceTurn }),
    stop: () => notify('/read-aloud/stop', { page: VOICE_PAGE, id: voiceTurn }),
  },
};
