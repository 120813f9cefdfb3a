import type { EventLogger } from '@bianmin/common';
import type Database from 'better-sqlite3';
import Fastify, { LogController, type FastifyError, type FastifyInstance } from 'fastify';
import { migrateCentralDatabase } from './database.js';
import { createHeartbeatStore } from './heartbeat-store.js';
import { createEventIngest } from './ingest.js';
import { registerCentralRoutes } from './routes.js';
import { createTerminalOverview } from './terminal-overview.js';
import { describeSchemaError, type SchemaError } from './validation-message.js';

export interface CentralServerOptions {
  db: Database.Database;
  logger?: EventLogger;
  /** The centre's clock; injected in tests to move time forward. */
  now?: () => Date;
  /** Zone whose calendar day "today" means. */
  timeZone?: string;
}

/** Parser failures Fastify raises before a handler runs, mapped to messages a client can act on. */
const PARSER_ERRORS: Record<string, { status: number; error: string; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    error: 'bad-request',
    message: 'body is not valid JSON',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    error: 'bad-request',
    message: 'body is empty; send a JSON object',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    error: 'unsupported-media-type',
    message: 'Content-Type must be application/json',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    error: 'payload-too-large',
    message: 'body is too large; send at most 500 events per batch',
  },
};

export function buildCentralServer(options: CentralServerOptions): FastifyInstance {
  const { db, logger } = options;
  const now = options.now ?? (() => new Date());
  const timeZone = options.timeZone ?? 'Asia/Shanghai';
  migrateCentralDatabase(db);

  const app = Fastify({
    // Fastify's own info lines (listening, per request) are not catalogue events and
    // would be hundreds a second for a province; keep only its warnings and errors.
    ...(logger ? { loggerInstance: logger.pino.child({}, { level: 'warn' }) } : { logger: false }),
    logController: new LogController({ disableRequestLogging: true }),
    ajv: {
      customOptions: {
        // Fastify's defaults would silently strip unknown fields and coerce "1" to 1; the
        // contract is to refuse them, so a field carrying personal data is never accepted.
        removeAdditional: false,
        coerceTypes: false,
        useDefaults: false,
        allErrors: false,
        verbose: true,
      },
    },
  }) as unknown as FastifyInstance;

  // Only JSON is accepted; without this, text/plain would parse into a string.
  app.removeContentTypeParser('text/plain');

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const route = request.routeOptions.url ?? request.url;
    if (error.validation) {
      const { field, message } = describeSchemaError(error.validation as SchemaError[]);
      logger?.event('central.request-rejected', { route, reason: 'schema', field });
      return reply.code(400).send({ error: 'bad-request', message });
    }
    const known = error.code ? PARSER_ERRORS[error.code] : undefined;
    if (known) {
      logger?.event('central.request-rejected', { route, reason: error.code });
      return reply.code(known.status).send({ error: known.error, message: known.message });
    }
    const status = error.statusCode ?? 500;
    if (status < 500) {
      logger?.event('central.request-rejected', { route, reason: error.code ?? 'client-error' });
      return reply.code(status).send({ error: 'bad-request', message: error.message });
    }
    request.log.error({ err: error }, 'unhandled error in the central service');
    return reply.code(500).send({ error: 'internal-error', message: 'internal error' });
  });

  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send({ error: 'not-found', message: `no route for ${request.method} ${request.url}` }),
  );

  registerCentralRoutes(app, {
    ingest: createEventIngest(db),
    recordHeartbeat: createHeartbeatStore(db),
    overview: createTerminalOverview(db),
    now,
    timeZone,
    logger,
  });
  return app;
}
