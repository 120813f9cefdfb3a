import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorReply } from '../errors.js';
import { describeSchemaError, type SchemaError } from './schema-error.js';

/** A refused request, for the caller's log (no values from the body, only where). */
export interface RejectedRequest {
  route: string;
  status: number;
  /** 'schema', a Fastify error code such as FST_ERR_CTP_INVALID_JSON_BODY, or 'client-error'. */
  reason: string;
  /** The offending field, for schema errors. */
  field?: string;
}

export interface ErrorRepliesOptions {
  onRejected?: (rejected: RejectedRequest) => void;
  /** A 500: log it; the caller gets only { error: 'internal-error' }. */
  onUnexpected?: (error: FastifyError, request: FastifyRequest) => void;
  /** Said after "body is too large", e.g. "send at most 500 events per batch". */
  bodyTooLargeHint?: string;
}

interface ParserError {
  status: number;
  error: string;
  message: string;
  where?: string;
}

/**
 * The code a body parser gives valid JSON it refuses for a `__proto__` key or a `constructor`
 * key's `prototype` (prototype poisoning); Fastify's own parser calls that invalid JSON.
 */
export const FORBIDDEN_JSON_KEY = 'BIANMIN_FORBIDDEN_JSON_KEY';

/** Failures Fastify raises before a handler runs, mapped to messages a client can act on. */
const PARSER_ERRORS: Record<string, ParserError> = {
  [FORBIDDEN_JSON_KEY]: {
    status: 400,
    error: 'bad-request',
    message:
      'body has a "__proto__" key, or a "constructor" key holding "prototype"; these keys are not accepted anywhere in a body',
    where: 'body',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    error: 'bad-request',
    message: 'body is not valid JSON',
    where: 'body',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    error: 'bad-request',
    message: 'body is empty; send a JSON object',
    where: 'body',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    error: 'unsupported-media-type',
    message: 'Content-Type must be application/json',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    error: 'payload-too-large',
    message: 'body is too large',
    where: 'body',
  },
};

/**
 * Gives every failure one reply shape, { error, message, where? }: schema and parse
 * failures say what was wrong and where, anything else is a plain 500. A caller never gets
 * a stack trace.
 */
export function installErrorReplies(app: FastifyInstance, options: ErrorRepliesOptions = {}): void {
  const { onRejected, onUnexpected } = options;
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const route = request.routeOptions.url ?? request.url;
    const send = (status: number, body: ErrorReply) => reply.code(status).send(body);
    if (error.validation) {
      const { field, message } = describeSchemaError(error.validation as SchemaError[]);
      onRejected?.({ route, status: 400, reason: 'schema', field });
      return send(400, { error: 'bad-request', message, where: field });
    }
    const known = error.code ? PARSER_ERRORS[error.code] : undefined;
    if (known) {
      onRejected?.({ route, status: known.status, reason: error.code });
      const hint =
        error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' && options.bodyTooLargeHint
          ? `; ${options.bodyTooLargeHint}`
          : '';
      const { status, error: code, message, where } = known;
      return send(status, { error: code, message: message + hint, ...(where && { where }) });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      onRejected?.({ route, status, reason: error.code ?? 'client-error' });
      return send(status, { error: 'bad-request', message: error.message });
    }
    onUnexpected?.(error, request);
    return send(500, { error: 'internal-error', message: 'internal error' });
  });
}

/** A JSON 404 in the same shape, for setNotFoundHandler. */
export function notFoundReply(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const body: ErrorReply = {
    error: 'not-found',
    message: `no route for ${request.method} ${request.url}`,
  };
  return reply.code(404).send(body);
}
