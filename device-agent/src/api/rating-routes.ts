import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { KIOSK_ROUTES as ROUTES, type ErrorReply } from '@bianmin/contract';
import type { KioskRouteDeps } from './kiosk-routes.js';

/**
 * 好差评: a resident's rating becomes a `rating.submitted` usage event. It is committed to the
 * outbox before the kiosk hears 204, so a rating the kiosk thanked for is on its way to the
 * centre. The body names the service, the level, the reasons and the journey's outcome only.
 */
export function registerRatingRoutes(
  app: FastifyInstance,
  deps: Pick<KioskRouteDeps, 'outbox' | 'onOutboxChanged' | 'canRecord'>,
): void {
  const server = app.withTypeProvider<TypeBoxTypeProvider>();
  const ratings = { body: ROUTES['/ratings'].body };
  server.post('/ratings', { schema: ratings }, async (request, reply) => {
    if (!deps.canRecord()) {
      // As /tickets: a clear refusal instead of a database error from a full disk.
      return reply.status(503).send({
        error: 'out-of-service',
        message: "The terminal's storage cannot record a rating now; see /healthz.",
      } satisfies ErrorReply);
    }
    deps.outbox.record({ type: 'rating.submitted', payload: request.body });
    deps.onOutboxChanged();
    return reply.status(204).send();
  });
}
