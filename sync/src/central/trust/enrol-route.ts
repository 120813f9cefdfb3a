import type { EventLogger } from '@bianmin/common';
import {
  ENROL_PATH,
  EnrolmentReplySchema,
  EnrolmentRequestSchema,
  ErrorReplySchema,
  SignedRequestHeadersSchema,
  type ConfigKey,
} from '@bianmin/contract';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { signatureScheme } from '../../signing/index.js';
import { enrolmentTokenSha256 } from './enrolment-token.js';
import { sendRefusal, type Refusal } from './refusal.js';
import type { RequestVerifier } from './request-verifier.js';
import type { SignedHeaders } from './signed-headers.js';
import type { TerminalRegistry } from './trust-store.js';

export interface EnrolRouteDeps {
  registry: TerminalRegistry;
  verifier: RequestVerifier;
  now: () => Date;
  logger: EventLogger | undefined;
  onRefused?: (request: FastifyRequest, refusal: Refusal, terminalId?: string) => void;
  /** The centre's configuration-signing key, which the terminal pins. */
  configKey?: ConfigKey;
}

/**
 * A terminal proves it holds the key it registers by signing the enrolment request with
 * it; the one-time token proves the administrator created it.
 */
export function registerEnrolRoute(server: FastifyInstance, deps: EnrolRouteDeps): void {
  const { registry, verifier, now, logger } = deps;
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const signed = new WeakMap<FastifyRequest, SignedHeaders>();

  app.post(
    ENROL_PATH,
    {
      schema: {
        summary: 'Enrol a terminal: register its public key with a one-time token',
        headers: SignedRequestHeadersSchema,
        body: EnrolmentRequestSchema,
        response: {
          200: EnrolmentReplySchema,
          400: ErrorReplySchema,
          401: ErrorReplySchema,
          403: ErrorReplySchema,
        },
      },
      onRequest: async (request, reply) => {
        const headers = verifier.checkHeaders(request, reply);
        if (!headers.ok) {
          deps.onRefused?.(request, headers.error);
          return sendRefusal(reply, headers.error);
        }
        signed.set(request, headers.value);
      },
    },
    async (request, reply) => {
      const body = request.body;
      const refuse = (refusal: Refusal) => {
        deps.onRefused?.(request, refusal, body.terminalId);
        return sendRefusal(reply, refusal);
      };
      const headers = signed.get(request)!;
      if (headers.terminalId !== body.terminalId) {
        return refuse({
          reason: 'terminal-mismatch',
          message: `the body's terminalId is not the terminal named in x-bianmin-terminal`,
          where: 'terminalId',
        });
      }
      const scheme = signatureScheme(body.algorithm);
      if (scheme === undefined) {
        return refuse({
          reason: 'unsupported-algorithm',
          message: `this centre does not know the signature algorithm '${body.algorithm}'; use ed25519`,
          where: 'algorithm',
        });
      }
      if (!scheme.isPublicKey(body.publicKey)) {
        return refuse({
          reason: 'bad-public-key',
          message: `publicKey is not a ${scheme.name} public key in its wire encoding`,
          where: 'publicKey',
        });
      }
      const checked = await verifier.checkSignature(request, headers, scheme, body.publicKey);
      if (!checked.ok) return refuse(checked.error);
      const enrolled = await registry.enrol({
        terminalId: body.terminalId,
        tokenSha256: enrolmentTokenSha256(body.token),
        algorithm: scheme.name,
        publicKey: body.publicKey,
        at: now(),
      });
      if (!enrolled.ok) {
        return refuse({
          reason: enrolled.error,
          message: TOKEN_MESSAGES[enrolled.error],
          where: 'token',
        });
      }
      logger?.event('central.terminal-enrolled', {
        terminalId: body.terminalId,
        algorithm: scheme.name,
      });
      return {
        terminalId: body.terminalId,
        enrolledAt: enrolled.value.key!.enrolledAt,
        ...(deps.configKey && { configKey: deps.configKey }),
      };
    },
  );
}

const TOKEN_MESSAGES = {
  'enrolment-token-unknown':
    'the centre issued no such enrolment token for this terminal (or a newer one replaced it)',
  'enrolment-token-used':
    'this enrolment token was already used; an administrator issues a new one to enrol again',
  'enrolment-token-expired': 'this enrolment token has expired; an administrator issues a new one',
} as const;
