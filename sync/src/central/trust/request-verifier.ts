import { err, ok, type Result } from '@bianmin/common';
import { SERVER_TIME_HEADER, canonicalRequest } from '@bianmin/contract';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { bodySha256, type SignatureScheme } from '../../signing/index.js';
import { rawBodyOf } from './raw-body.js';
import type { Refusal } from './refusal.js';
import { readSignedHeaders, type SignedHeaders } from './signed-headers.js';
import type { NonceStore } from './trust-store.js';

export interface VerifierDeps {
  nonces: NonceStore;
  now: () => Date;
  /** A request's time may differ from the centre's by at most this, either way. */
  clockWindowMs: number;
}

/**
 * The checks every signed request goes through, in the order docs/protocol.md gives:
 * headers and time first (before the body is read), the signature over the exact bytes,
 * then the nonce, which is recorded only for a request whose signature is good.
 */
export function createRequestVerifier(deps: VerifierDeps) {
  const { nonces, now, clockWindowMs } = deps;

  /** Headers and time window; also tells the terminal the centre's time on any reply. */
  const checkHeaders = (
    request: FastifyRequest,
    reply: FastifyReply,
  ): Result<SignedHeaders, Refusal> => {
    const at = now().getTime();
    reply.header(SERVER_TIME_HEADER, String(at));
    const headers = readSignedHeaders(request);
    if (!headers.ok) return headers;
    const skewMs = headers.value.timeMs - at;
    if (Math.abs(skewMs) > clockWindowMs) {
      return err({
        reason: 'clock-skew',
        message:
          `the request's time is ${Math.round(skewMs / 1000)} s from the centre's, more than the ` +
          `${clockWindowMs / 1000} s allowed; sign with your clock corrected by the ` +
          `${SERVER_TIME_HEADER} header of this reply`,
        where: 'x-bianmin-time',
      });
    }
    return headers;
  };

  const checkSignature = async (
    request: FastifyRequest,
    headers: SignedHeaders,
    scheme: SignatureScheme,
    publicKey: string,
  ): Promise<Result<void, Refusal>> => {
    const text = canonicalRequest({
      method: request.method,
      // The route's own path: a reverse proxy's prefix is not part of what is signed.
      path: request.routeOptions.url ?? request.url.split('?')[0] ?? '',
      terminalId: headers.terminalId,
      timeMs: headers.timeMs,
      nonce: headers.nonce,
      bodySha256: bodySha256(rawBodyOf(request)),
    });
    if (!scheme.verify(publicKey, Buffer.from(text, 'utf8'), headers.signature)) {
      return err({
        reason: 'bad-signature',
        message:
          "the signature does not match this request and the terminal's enrolled key " +
          '(docs/protocol.md gives the canonical request byte for byte)',
        where: 'x-bianmin-signature',
      });
    }
    const keepUntil = new Date(headers.timeMs + clockWindowMs);
    if (!(await nonces.remember(headers.terminalId, headers.nonce, keepUntil, now()))) {
      return err({
        reason: 'replayed-nonce',
        message: 'this nonce was already used: send every request with a new one',
        where: 'x-bianmin-nonce',
      });
    }
    return ok(undefined);
  };

  return { checkHeaders, checkSignature };
}

export type RequestVerifier = ReturnType<typeof createRequestVerifier>;
