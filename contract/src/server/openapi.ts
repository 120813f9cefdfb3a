import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/** Where each service publishes its API description: the page, and the document at /docs/json. */
export const API_DOCS_PATH = '/docs';

/**
 * Describes every route registered after this call with OpenAPI, built from the same TypeBox
 * schemas that validate the requests, so the description cannot drift from what is enforced.
 * Register it before the routes (it collects them as they are added).
 */
export function registerApiDocs(
  server: FastifyInstance,
  info: { title: string; description: string; version: string },
): void {
  void server.register(swagger, { openapi: { openapi: '3.1.0', info } });
  void server.register(swaggerUi, { routePrefix: API_DOCS_PATH });
}
