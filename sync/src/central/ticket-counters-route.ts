import type { EventLogger } from '@bianmin/common';
import {
  ErrorReplySchema,
  SignedRequestHeadersSchema,
  TICKET_COUNTERS_PATH,
  TicketCountersReplySchema,
  TicketCountersRequestSchema,
} from '@bianmin/contract';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { EventStore } from './event-store.js';
import type { SignedRouteHooks } from './trust/signed-routes.js';

/** A local day is at most 25 hours (a daylight-saving change); anything longer is refused. */
const MAX_RANGE_MS = 25 * 3600 * 1000;

/**
 * How far a terminal's queues had counted in a time range by the events it delivered, asked
 * by a terminal whose database file was replaced. Signed, and the body's terminalId must be
 * the signer's, so a terminal learns only its own counts.
 */
export function registerTicketCountersRoute(
  server: FastifyInstance,
  deps: { events: EventStore; signed: SignedRouteHooks; logger: EventLogger | undefined },
): void {
  server.withTypeProvider<TypeBoxTypeProvider>().post(
    TICKET_COUNTERS_PATH,
    {
      onRequest: deps.signed.onRequest,
      preValidation: deps.signed.preValidation,
      preHandler: deps.signed.preHandler,
      schema: {
        headers: SignedRequestHeadersSchema,
        body: TicketCountersRequestSchema,
        response: {
          200: TicketCountersReplySchema,
          400: ErrorReplySchema,
          401: ErrorReplySchema,
          403: ErrorReplySchema,
        },
      },
    },
    async (request, reply) => {
      const { terminalId } = request.body;
      const from = new Date(request.body.from);
      const to = new Date(request.body.to);
      const span = to.getTime() - from.getTime();
      if (span <= 0 || span > MAX_RANGE_MS) {
        return reply.code(400).send({
          error: 'bad-range',
          message: 'from must be before to, at most 25 hours apart (one local day)',
        });
      }
      const counters = await deps.events.lastTicketSeqs(terminalId, from, to);
      deps.logger?.event('central.ticket-counters-sent', { terminalId, services: counters.length });
      return { counters };
    },
  );
}
