import { BlockList, isIPv4 } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { TSchema } from 'typebox';
import {
  COUNTER_ROUTES as ROUTES,
  CounterParamsSchema,
  ErrorReplySchema,
  type CallReply,
  type CounterParams,
  type CounterTicket,
  type CounterTicketReply,
  type CounterView,
  type CountersReply,
  type QueueFigures,
  type WaitingList,
} from '@bianmin/contract';
import type { EventLogger, Result } from '@bianmin/common';
import type { CounterQueue, QueueRefusal } from '../queue/counter-queue.js';

export interface CounterRouteDeps {
  queue: CounterQueue;
  /** The hall's networks besides this machine (services.json's calling.counterNetworks). */
  counterNetworks: readonly string[];
  logger: EventLogger;
  /** Called after something was committed to the outbox, so the uploader sends it soon. */
  onOutboxChanged: () => void;
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
};

/**
 * This machine, and the configured networks of the hall's counter PCs. Counter staff sign in
 * with a PIN per counter in the next step (docs/architecture.md, "The queue"); until then the
 * network is the only gate, so the list should name the hall's network and nothing wider.
 */
function localNetworks(counterNetworks: readonly string[]): BlockList {
  const list = new BlockList();
  list.addSubnet('127.0.0.0', 8, 'ipv4');
  list.addAddress('::1', 'ipv6');
  for (const network of counterNetworks) {
    const [address, prefix] = network.split('/');
    if (address && isIPv4(address)) list.addSubnet(address, Number(prefix), 'ipv4');
  }
  return list;
}

/** An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d. */
const plainAddress = (ip: string) => ip.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');

/** The counters' routes; paths are under AGENT_API_PREFIX (the caller registers the prefix). */
export function registerCounterRoutes(app: FastifyInstance, deps: CounterRouteDeps): void {
  const server = app.withTypeProvider<TypeBoxTypeProvider>();
  const allowed = localNetworks(deps.counterNetworks);

  const localOnly = async (request: FastifyRequest, reply: FastifyReply) => {
    const ip = plainAddress(request.ip);
    if (allowed.check(ip, isIPv4(ip) ? 'ipv4' : 'ipv6')) return;
    deps.logger.event('queue.counter-request-refused', { reason: 'not-local-network' });
    await reply.status(403).send({
      error: 'not-local-network',
      message: "The counters' API answers this machine and the configured counter networks only.",
    });
  };

  /** Sends a change's outcome; a committed change nudges the uploader. */
  function answer<T>(
    reply: FastifyReply,
    result: Result<T, QueueRefusal>,
    body: (v: T) => unknown,
  ) {
    if (!result.ok) {
      const { status, message } = REFUSED[result.error.kind];
      void reply.status(status).send({ error: result.error.kind, message });
      return;
    }
    deps.onOutboxChanged();
    void reply.status(200).send(body(result.value));
  }
  const counterOf = (params: CounterParams) => Number(params.number);
  const errors = { 403: ErrorReplySchema, 404: ErrorReplySchema, 409: ErrorReplySchema };
  const action = <B extends TSchema, R extends TSchema>(spec: { body: B; reply: R }) => ({
    onRequest: localOnly,
    schema: {
      params: CounterParamsSchema,
      body: spec.body,
      response: { 200: spec.reply, ...errors },
    },
  });

  server.get(
    '/counters',
    {
      onRequest: localOnly,
      schema: { response: { 200: ROUTES['/counters'].reply, 403: ErrorReplySchema } },
    },
    async (): Promise<CountersReply> => ({ counters: deps.queue.counters() }),
  );

  const call = (v: CallReply): CallReply => v;
  const ticket = (v: CounterTicket): CounterTicketReply => ({ ticket: v });
  server.post(
    '/counters/:number/call-next',
    action(ROUTES['/counters/:number/call-next']),
    (req, reply) => answer(reply, deps.queue.callNext(counterOf(req.params)), call),
  );
  server.post(
    '/counters/:number/recall',
    action(ROUTES['/counters/:number/recall']),
    (req, reply) => answer(reply, deps.queue.recall(counterOf(req.params)), call),
  );
  server.post(
    '/counters/:number/call-back',
    action(ROUTES['/counters/:number/call-back']),
    (req, reply) =>
      answer(reply, deps.queue.callBack(counterOf(req.params), req.body.ticketNumber), call),
  );
  server.post('/counters/:number/start', action(ROUTES['/counters/:number/start']), (req, reply) =>
    answer(reply, deps.queue.startServing(counterOf(req.params)), ticket),
  );
  server.post('/counters/:number/done', action(ROUTES['/counters/:number/done']), (req, reply) =>
    answer(reply, deps.queue.finish(counterOf(req.params)), ticket),
  );
  server.post(
    '/counters/:number/no-show',
    action(ROUTES['/counters/:number/no-show']),
    (req, reply) => answer(reply, deps.queue.noShow(counterOf(req.params)), ticket),
  );
  server.post('/counters/:number/hold', action(ROUTES['/counters/:number/hold']), (req, reply) =>
    answer(reply, deps.queue.hold(counterOf(req.params)), ticket),
  );
  server.post(
    '/counters/:number/transfer',
    action(ROUTES['/counters/:number/transfer']),
    (req, reply) =>
      answer(reply, deps.queue.transfer(counterOf(req.params), req.body.serviceId), ticket),
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

  const read = { onRequest: localOnly };
  server.get(
    '/queue/waiting',
    {
      ...read,
      schema: { response: { 200: ROUTES['/queue/waiting'].reply, 403: ErrorReplySchema } },
    },
    async (): Promise<WaitingList> => deps.queue.waiting(),
  );
  server.get(
    '/queue/figures',
    {
      ...read,
      schema: { response: { 200: ROUTES['/queue/figures'].reply, 403: ErrorReplySchema } },
    },
    async (): Promise<QueueFigures> => ({
      services: deps.queue.figures(),
      counters: deps.queue.counters(),
    }),
  );
}
