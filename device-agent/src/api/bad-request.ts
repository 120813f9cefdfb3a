import type { FastifyError, FastifyInstance } from 'fastify';
import type { EventLogger } from '@bianmin/common';

/**
 * Turns schema and parse failures into a 400 that says what was wrong and where, and any
 * other failure into a plain 500: a caller never gets a stack trace.
 */
export function installErrorHandler(server: FastifyInstance, logger: EventLogger): void {
  server.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation) {
      const message = error.validation
        .map((v) => `${v.instancePath || '(body)'} ${v.message ?? 'is invalid'}`.trim())
        .join('; ');
      logger.event('agent.request-rejected', { route: request.routeOptions.url ?? request.url });
      return reply
        .status(400)
        .send({ error: 'bad-request', message: `Invalid request: ${message}.` });
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      logger.event('agent.request-rejected', { route: request.url, status: error.statusCode });
      return reply.status(error.statusCode).send({ error: 'bad-request', message: error.message });
    }
    logger.pino.error({ err: { type: error.name, message: error.message } }, 'unexpected error');
    return reply
      .status(500)
      .send({ error: 'internal', message: 'The agent could not complete this request.' });
  });
}
