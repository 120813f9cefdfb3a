import type { FastifyInstance, FastifyRequest } from 'fastify';

const rawBodies = new WeakMap<FastifyRequest, Buffer>();

/**
 * Parses JSON as Fastify does (same errors, same body limit) but keeps the exact bytes
 * received, because a signature covers those bytes and not a re-serialisation of them.
 */
export function keepRawJsonBodies(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    rawBodies.set(request, bytes);
    void parseJson(request, bytes.toString('utf8'), done);
  });
}

/** The bytes of the request's body as received; empty when it had none. */
export function rawBodyOf(request: FastifyRequest): Buffer {
  return rawBodies.get(request) ?? Buffer.alloc(0);
}
