import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { TSchema } from 'typebox';
import {
  COUNTER_ROUTES as ROUTES,
  COUNTER_SESSION_COOKIE,
  CounterParamsSchema,
  ErrorReplySchema,
  type AgentEvent,
  type CallReply,
  type CounterParams,
  type CounterTicket,
  type CounterTicketReply,
  type CounterView,
  type CountersReply,
  type HallSnapshot,
  type QueueFigures,
  type SignInReply,
  type WaitingList,
} from '@bianmin/contract';
import type { EventLogger, Result } from '@bianmin/common';
import type { CounterQueue, QueueRefusal } from '../queue/counter-queue.js';
import { SESSION_SECONDS, type CounterSessions, type SignInRefusal } from './counter-sessions.js';
import { hallNetworkCheck } from './hall-network.js';
import { registerStaffCallRoutes } from './staff-call-routes.js';
import type { StaffCalls } from '../staff-calls/staff-calls.js';

/** The calls a hall display lists besides the current ones. */
const RECENT_CALLS = 8;

export interface CounterRouteDeps {
  queue: CounterQueue;
  sessions: CounterSessions;
  /** The hall's networks besides this machine (services.json's calling.counterNetworks). */
  counterNetworks: readonly string[];
  /** The enabled queue services' names, in the catalogue's order. */
  queueNames: ReadonlyMap<string, string>;
  /** Lines the hall display shows (calling.announcements). */
  announcements: readonly string[];
  logger: EventLogger;
  /** Pushes an event to the agent's stream (a rating request). */
  publish: (event: AgentEvent) => void;
  /** Called after something was committed to the outbox, so the uploader sends it soon. */
  onOutboxChanged: () => void;
  /** The kiosk's calls for staff not yet answered. */
  staffCalls: StaffCalls;
}

const REFUSED: Record<QueueRefusal['kind'], { status: 404 | 409; message: string }> = {
  'unknown-counter': { status: 404, message: 'No counter with this number in services.json.' },
  'counter-paused': { status: 409, message: 'This counter is paused; resume it to call.' },
  'no-current-ticket': { status: 409, message: 'This counter has no called ticket.' },
  'wrong-state': { status: 409, message: "The counter's ticket is not in a state for this." },
  'counter-busy': { status: 409, message: "Finish the counter's current ticket first." },
  'unknown-ticket': { status: 404, message: 'No ticket of this number is on hold today.' },
  'not-served-here': { status: 409, message: "The ticket's queue is not one this counter calls." },
  'unknown-service': { status: 404, message: 'No enabled queue service with this id.' },
  'ticket-changed': {
    status: 409,
    message: "This counter's current ticket is not the one shown; check the screen and try again.",
  },
};

/** A refusal in words for staff; a changed ticket names the one now at the counter. */
function refusalMessage(refusal: QueueRefusal): string {
  if (refusal.kind !== 'ticket-changed') return REFUSED[refusal.kind].message;
  return refusal.current === null
    ? `This counter no longer has ticket ${refusal.shown ?? ''} or any other; check the screen and try again.`
    : `This counter's current ticket is now ${refusal.current}; check the screen and try again.`;
}

const SIGN_IN_REFUSED: Record<
  SignInRefusal['kind'],
  { status: 401 | 404 | 409 | 429; message: string }
> = {
  'unknown-counter': { status: 404, message: 'No counter with this number in services.json.' },
  'no-pin': {
    status: 409,
    message: 'This counter has no PIN yet; a technician sets one with npm run counter:pin.',
  },
  'trivial-pin': {
    status: 409,
    message:
      "This counter's PIN is a sample one; a technician sets its own with npm run counter:pin.",
  },
  'wrong-pin': { status: 401, message: 'Wrong PIN.' },
  'locked-out': { status: 429, message: 'Too many wrong PINs; this counter is locked for now.' },
};

/** The session cookie's value, if the request carries one. */
function sessionToken(request: FastifyRequest): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === COUNTER_SESSION_COOKIE) return value.join('=');
  }
  return undefined;
}

function sessionCookie(token: string, maxAgeSeconds: number): string {
  return `${COUNTER_SESSION_COOKIE}=${token}; Path=/api/v1; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}`;
}

/** The counters' routes; paths are under AGENT_API_PREFIX (the caller registers the prefix). */
export function registerCounterRoutes(app: FastifyInstance, deps: CounterRouteDeps): void {
  const server = app.withTypeProvider<TypeBoxTypeProvider>();
  // The counter routes answer this machine and the hall's networks only, and besides need a
  // counter's sign-in (docs/counter.md).
  const fromLocalNetwork = hallNetworkCheck(deps.counterNetworks);
  const localOnly = async (request: FastifyRequest, reply: FastifyReply) => {
    if (fromLocalNetwork(request)) return;
    deps.logger.event('queue.counter-request-refused', { reason: 'not-local-network' });
    await reply.status(403).send({
      error: 'not-local-network',
      message: "The counters' API answers this machine and the configured counter networks only.",
    });
  };
  /** The local network, and a sign-in: to the counter in the path, or to any for the lists. */
  const signedIn = async (request: FastifyRequest, reply: FastifyReply) => {
    await localOnly(request, reply);
    if (reply.sent) return;
    const counter = deps.sessions.counterOf(sessionToken(request));
    if (counter === null) {
      await reply.status(401).send({
        error: 'not-signed-in',
        message: 'Sign in to the counter with its PIN first.',
      });
      return;
    }
    const wanted = (request.params as Partial<CounterParams>).number;
    if (wanted !== undefined && Number(wanted) !== counter) {
      await reply.status(403).send({
        error: 'other-counter',
        message: `This browser is signed in to counter ${counter}, not ${wanted}.`,
      });
    }
  };

  /** Sends a change's outcome; a committed change nudges the uploader. */
  function answer<T>(
    reply: FastifyReply,
    result: Result<T, QueueRefusal>,
    body: (v: T) => unknown,
  ) {
    if (!result.ok) {
      const refusal = result.error;
      void reply
        .status(REFUSED[refusal.kind].status)
        .send({ error: refusal.kind, message: refusalMessage(refusal) });
      return;
    }
    deps.onOutboxChanged();
    void reply.status(200).send(body(result.value));
  }
  const counterOf = (params: CounterParams) => Number(params.number);
  const errors = {
    401: ErrorReplySchema,
    403: ErrorReplySchema,
    404: ErrorReplySchema,
    409: ErrorReplySchema,
  };
  const action = <B extends TSchema, R extends TSchema>(spec: { body: B; reply: R }) => ({
    onRequest: signedIn,
    schema: {
      params: CounterParamsSchema,
      body: spec.body,
      response: { 200: spec.reply, ...errors },
    },
  });

  const readSchema = <R extends TSchema>(reply: R) => ({
    onRequest: signedIn,
    schema: { response: { 200: reply, 401: ErrorReplySchema, 403: ErrorReplySchema } },
  });
  server.get(
    '/counters',
    readSchema(ROUTES['/counters'].reply),
    async (): Promise<CountersReply> => ({ counters: deps.queue.counters() }),
  );
  server.get(
    '/counters/:number',
    {
      onRequest: signedIn,
      schema: {
        params: CounterParamsSchema,
        response: { 200: ROUTES['/counters/:number'].reply, ...errors },
      },
    },
    async (req, reply) => {
      const view = deps.queue.counter(counterOf(req.params));
      if (view) return view;
      return reply
        .status(404)
        .send({ error: 'unknown-counter', message: REFUSED['unknown-counter'].message });
    },
  );

  server.post(
    '/counters/:number/sign-in',
    {
      onRequest: localOnly,
      schema: {
        params: CounterParamsSchema,
        body: ROUTES['/counters/:number/sign-in'].body,
        response: {
          200: ROUTES['/counters/:number/sign-in'].reply,
          ...errors,
          429: ErrorReplySchema,
        },
      },
    },
    async (req, reply) => {
      const counter = counterOf(req.params);
      const session = await deps.sessions.signIn(counter, req.body.pin);
      if (!session.ok) {
        const refusal = session.error;
        const retryAfterMs = 'retryAfterMs' in refusal ? refusal.retryAfterMs : 0;
        deps.logger.event('queue.counter-sign-in-refused', {
          counter,
          reason: refusal.kind,
          lockedForSeconds: Math.ceil(retryAfterMs / 1000),
        });
        const { status, message } = SIGN_IN_REFUSED[refusal.kind];
        if (retryAfterMs > 0) void reply.header('retry-after', Math.ceil(retryAfterMs / 1000));
        return reply.status(status).send({ error: refusal.kind, message });
      }
      deps.logger.event('queue.counter-signed-in', { counter });
      const { token, expiresAt } = session.value;
      void reply.header('set-cookie', sessionCookie(token, SESSION_SECONDS));
      const answer: SignInReply = {
        counter: deps.queue.counter(counter)!,
        expiresAt: expiresAt.toISOString(),
      };
      return answer;
    },
  );
  server.post(
    '/counters/:number/sign-out',
    {
      onRequest: localOnly,
      schema: {
        params: CounterParamsSchema,
        body: ROUTES['/counters/:number/sign-out'].body,
        response: { 200: ROUTES['/counters/:number/sign-out'].reply, 403: ErrorReplySchema },
      },
    },
    async (req, reply) => {
      const token = sessionToken(req);
      if (deps.sessions.counterOf(token) !== null) {
        deps.logger.event('queue.counter-signed-out', { counter: counterOf(req.params) });
      }
      deps.sessions.signOut(token);
      void reply.header('set-cookie', sessionCookie('', 0));
      return { signedOut: true as const };
    },
  );

  const call = (v: CallReply): CallReply => v;
  const ticket = (v: CounterTicket): CounterTicketReply => ({ ticket: v });
  server.post(
    '/counters/:number/call-next',
    action(ROUTES['/counters/:number/call-next']),
    (req, reply) => {
      const { ticketNumber } = req.body;
      const meant = ticketNumber === undefined ? 'current' : { ticketNumber };
      return answer(reply, deps.queue.callNext(counterOf(req.params), meant), call);
    },
  );
  server.post(
    '/counters/:number/recall',
    action(ROUTES['/counters/:number/recall']),
    (req, reply) => answer(reply, deps.queue.recall(counterOf(req.params), req.body), call),
  );
  server.post(
    '/counters/:number/call-back',
    action(ROUTES['/counters/:number/call-back']),
    (req, reply) =>
      answer(reply, deps.queue.callBack(counterOf(req.params), req.body.ticketNumber), call),
  );
  // These name the ticket the console shows: a keypad or another console may have moved the
  // counter on since, and the queue then refuses rather than act on a resident staff never saw.
  server.post('/counters/:number/start', action(ROUTES['/counters/:number/start']), (req, reply) =>
    answer(reply, deps.queue.startServing(counterOf(req.params), req.body), ticket),
  );
  server.post('/counters/:number/done', action(ROUTES['/counters/:number/done']), (req, reply) =>
    answer(reply, deps.queue.finish(counterOf(req.params), req.body), ticket),
  );
  server.post(
    '/counters/:number/no-show',
    action(ROUTES['/counters/:number/no-show']),
    (req, reply) => answer(reply, deps.queue.noShow(counterOf(req.params), req.body), ticket),
  );
  server.post('/counters/:number/hold', action(ROUTES['/counters/:number/hold']), (req, reply) =>
    answer(reply, deps.queue.hold(counterOf(req.params), req.body), ticket),
  );
  server.post(
    '/counters/:number/transfer',
    action(ROUTES['/counters/:number/transfer']),
    (req, reply) =>
      answer(
        reply,
        deps.queue.transfer(
          counterOf(req.params),
          { ticketNumber: req.body.ticketNumber },
          req.body.serviceId,
        ),
        ticket,
      ),
  );
  server.post(
    '/counters/:number/pause',
    action(ROUTES['/counters/:number/pause']),
    (req, reply) => {
      const number = counterOf(req.params);
      answer(reply, deps.queue.setPaused(number, req.body.paused), (): CounterView | undefined =>
        deps.queue.counter(number),
      );
    },
  );

  server.post(
    '/counters/:number/ask-rating',
    action(ROUTES['/counters/:number/ask-rating']),
    async (req, reply) => {
      const asked = deps.queue.ratingRequest(counterOf(req.params));
      if (!asked.ok) {
        const refusal = asked.error;
        return reply
          .status(REFUSED[refusal.kind].status)
          .send({ error: refusal.kind, message: refusalMessage(refusal) });
      }
      deps.publish({ type: 'rating-requested', request: asked.value.request });
      return reply.status(200).send({ ticket: asked.value.ticket });
    },
  );

  registerStaffCallRoutes(app, {
    staffCalls: deps.staffCalls,
    signedIn,
    counter: (number) => deps.queue.counter(number),
    publish: deps.publish,
    logger: deps.logger,
  });

  server.get(
    '/queue/waiting',
    readSchema(ROUTES['/queue/waiting'].reply),
    async (): Promise<WaitingList> => deps.queue.waiting(),
  );
  server.get(
    '/hall',
    {
      onRequest: localOnly,
      schema: { response: { 200: ROUTES['/hall'].reply, 403: ErrorReplySchema } },
    },
    async (): Promise<HallSnapshot> => hallSnapshot(deps),
  );
  server.get(
    '/queue/figures',
    readSchema(ROUTES['/queue/figures'].reply),
    async (): Promise<QueueFigures> => ({
      services: deps.queue.figures(),
      counters: deps.queue.counters(),
    }),
  );
}

function hallSnapshot(deps: CounterRouteDeps): HallSnapshot {
  const waiting = new Map(deps.queue.waitingCounts().map((w) => [w.serviceId, w.waiting]));
  return {
    services: [...deps.queueNames].map(([serviceId, name]) => ({
      serviceId,
      name,
      waiting: waiting.get(serviceId) ?? 0,
    })),
    counters: deps.queue.counters().map((c) => ({
      number: c.number,
      name: c.name,
      paused: c.paused,
      current: c.current && { ticketNumber: c.current.number, serviceId: c.current.serviceId },
    })),
    recentCalls: deps.queue.recentCalls(RECENT_CALLS),
    announcements: [...deps.announcements],
  };
}
