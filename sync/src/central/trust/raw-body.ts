import { FORBIDDEN_JSON_KEY } from '@bianmin/contract/server';
import type { FastifyInstance, FastifyRequest } from 'fastify';

const rawBodies = new WeakMap<FastifyRequest, Buffer>();

/**
 * Whether the text has a `\u` escape of an ASCII character (`\u0000`-`\u007f`): the only way
 * to spell a key's letters other than as themselves. An escaped backslash before `u00`
 * counts too, which only sends such a text to the full check.
 */
function hasAsciiEscape(text: string): boolean {
  for (let at = text.indexOf('\\u00'); at !== -1; at = text.indexOf('\\u00', at + 4)) {
    const next = text.charCodeAt(at + 4);
    if (next >= 0x30 && next <= 0x37) return true;
  }
  return false;
}

/**
 * A text that cannot hold a `__proto__` key or a `constructor` key's `prototype`: neither
 * spelled out (no "proto" anywhere) nor with escapes. For it Fastify's secure parse, which
 * scans for both after JSON.parse, gives JSON.parse's result; every other text gets the
 * secure parse. Fastify's own check on a leading BOM and on errors is kept by handing those
 * to it as well (docs/benchmarks.md, "Ninth round: SQLite ingest").
 */
const cannotPoison = (text: string) =>
  text.charCodeAt(0) !== 0xfeff && !text.includes('proto') && !hasAsciiEscape(text);

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
    const text = bytes.toString('utf8');
    if (text.length > 0 && cannotPoison(text)) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        void parseJson(request, text, done);
        return;
      }
      done(null, parsed);
      return;
    }
    void parseJson(request, text, forbiddenKeysNamed(text, done));
  });
}

type ParserDone = (error: Error | null, body?: unknown) => void;

/**
 * Fastify's secure parse calls valid JSON with a poisoning key "not valid JSON"; a client told
 * that would look for a syntax error that is not there, so such a body is refused by its key.
 */
function forbiddenKeysNamed(text: string, done: ParserDone): ParserDone {
  return (error, body) => {
    if ((error as { code?: string } | null)?.code !== 'FST_ERR_CTP_INVALID_JSON_BODY') {
      done(error, body);
      return;
    }
    try {
      JSON.parse(text);
    } catch {
      done(error, body);
      return;
    }
    done(Object.assign(new Error('forbidden JSON key'), { code: FORBIDDEN_JSON_KEY }));
  };
}

/** The bytes of the request's body as received; empty when it had none. */
export function rawBodyOf(request: FastifyRequest): Buffer {
  return rawBodies.get(request) ?? Buffer.alloc(0);
}
