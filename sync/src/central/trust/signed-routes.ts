import type { FastifyReply, FastifyRequest } from 'fastify';
import { signatureScheme } from '../../signing/index.js';
import { sendRefusal, type Refusal } from './refusal.js';
import type { RequestVerifier } from './request-verifier.js';
import type { SignedHeaders } from './signed-headers.js';
import type { TerminalRegistry } from './trust-store.js';

interface Signer {
  headers: SignedHeaders;
  algorithm: string;
  publicKey: string;
}

const signers = new WeakMap<FastifyRequest, Signer>();

export interface SignedRouteDeps {
  registry: TerminalRegistry;
  verifier: RequestVerifier;
  onRefused?: (request: FastifyRequest, refusal: Refusal, terminalId?: string) => void;
}

/**
 * Route hooks that admit only requests signed by an enrolled, unrevoked terminal whose id
 * is the body's terminalId. Each refusal happens before the handler, so it changes nothing.
 */
export function createSignedRouteHooks(deps: SignedRouteDeps) {
  const { registry, verifier } = deps;
  const refuse = (
    request: FastifyRequest,
    reply: FastifyReply,
    refusal: Refusal,
    terminalId?: string,
  ) => {
    deps.onRefused?.(request, refusal, terminalId);
    return sendRefusal(reply, refusal);
  };

  // Before the body is read: unsigned, stale and unknown callers cost no parsing.
  const onRequest = async (request: FastifyRequest, reply: FastifyReply) => {
    const headers = verifier.checkHeaders(request, reply);
    if (!headers.ok) return refuse(request, reply, headers.error);
    const { terminalId } = headers.value;
    const registered = await registry.get(terminalId);
    if (registered?.key == null) {
      return refuse(
        request,
        reply,
        {
          reason: 'unknown-terminal',
          message: `terminal ${terminalId} is not enrolled at this centre: an administrator creates it and gives it an enrolment token`,
          where: 'x-bianmin-terminal',
        },
        terminalId,
      );
    }
    if (registered.revokedAt !== null) {
      return refuse(
        request,
        reply,
        {
          reason: 'terminal-revoked',
          message: `terminal ${terminalId} was revoked at ${registered.revokedAt}; it needs a new enrolment token`,
          where: 'x-bianmin-terminal',
        },
        terminalId,
      );
    }
    signers.set(request, { headers: headers.value, ...registered.key });
  };

  // After parsing (the raw bytes are known), before the schema: a forged body is never
  // described back to its sender.
  const preValidation = async (request: FastifyRequest, reply: FastifyReply) => {
    const signer = signers.get(request);
    const scheme = signer && signatureScheme(signer.algorithm);
    if (signer === undefined || scheme === undefined) {
      return refuse(request, reply, {
        reason: 'unknown-terminal',
        message: 'the enrolled key uses an algorithm this centre does not know',
      });
    }
    const checked = await verifier.checkSignature(
      request,
      signer.headers,
      scheme,
      signer.publicKey,
    );
    if (!checked.ok) return refuse(request, reply, checked.error, signer.headers.terminalId);
  };

  // After the schema: the body speaks for the terminal that signed it, no other.
  const preHandler = async (request: FastifyRequest, reply: FastifyReply) => {
    const signer = signers.get(request);
    const body = request.body;
    const claimed =
      typeof body === 'object' && body !== null && 'terminalId' in body
        ? body.terminalId
        : undefined;
    if (signer === undefined || claimed !== signer.headers.terminalId) {
      return refuse(
        request,
        reply,
        {
          reason: 'terminal-mismatch',
          message: `the body's terminalId is not the terminal that signed the request (${signer?.headers.terminalId ?? 'none'})`,
          where: 'terminalId',
        },
        signer?.headers.terminalId,
      );
    }
  };

  return { onRequest, preValidation, preHandler };
}

export type SignedRouteHooks = ReturnType<typeof createSignedRouteHooks>;
