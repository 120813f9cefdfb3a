import { createHash, timingSafeEqual } from 'node:crypto';
import type { EventLogger } from '@bianmin/common';
import {
  ADMIN_ENROLMENT_TOKEN_PATH,
  ADMIN_REVOKE_PATH,
  ADMIN_TERMINALS_PATH,
  ADMIN_TERMINAL_PATH,
  CreateTerminalSchema,
  EnrolmentTokenReplySchema,
  ErrorReplySchema,
  IssueTokenSchema,
  RegisteredTerminalSchema,
  TerminalIdParamsSchema,
  type EnrolmentTokenReply,
  type ErrorReply,
  type RegisteredTerminalView,
} from '@bianmin/contract';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { enrolmentTokenSha256, newEnrolmentToken } from './enrolment-token.js';
import { sendRefusal } from './refusal.js';
import type { IssuedToken, RegisteredTerminal, TerminalRegistry } from './trust-store.js';

export interface AdminRouteDeps {
  registry: TerminalRegistry;
  /** CENTRAL_ADMIN_TOKEN; without it the administrator routes refuse every request. */
  adminToken: string | undefined;
  /** How long an enrolment token stays usable unless the request says otherwise. */
  tokenValidHours: number;
  now: () => Date;
  logger: EventLogger | undefined;
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

const notFound = (terminalId: string): ErrorReply => ({
  error: 'not-found',
  message: `no terminal ${terminalId} at this centre`,
  where: 'terminalId',
});

function viewOf(registered: RegisteredTerminal): RegisteredTerminalView {
  return {
    terminalId: registered.terminalId,
    terminal: registered.terminal,
    state:
      registered.revokedAt !== null
        ? 'revoked'
        : registered.key === null
          ? 'awaiting-enrolment'
          : 'enrolled',
    createdAt: registered.createdAt,
    algorithm: registered.key?.algorithm ?? null,
    enrolledAt: registered.key?.enrolledAt ?? null,
    revokedAt: registered.revokedAt,
  };
}

/**
 * The onRequest hook of every administrator route: refuses all while CENTRAL_ADMIN_TOKEN is
 * unset, and any request without that bearer secret.
 */
export function createAdminGuard(adminToken: string | undefined) {
  const expected = adminToken === undefined ? undefined : digest(adminToken);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (expected === undefined) {
      return sendRefusal(reply, {
        reason: 'admin-disabled',
        message: 'administration is off: start the centre with CENTRAL_ADMIN_TOKEN set',
      });
    }
    const given = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
    // Compared as digests, so neither the length nor a prefix leaks through timing.
    if (given === undefined || !timingSafeEqual(digest(given), expected)) {
      return sendRefusal(reply, {
        reason: 'admin-unauthorised',
        message: 'send Authorization: Bearer <CENTRAL_ADMIN_TOKEN>',
        where: 'authorization',
      });
    }
  };
}

/**
 * Creating terminals, issuing enrolment tokens and revoking, for an administrator holding
 * CENTRAL_ADMIN_TOKEN (monitoring-staff accounts with roles come later).
 */
export function registerAdminRoutes(server: FastifyInstance, deps: AdminRouteDeps): void {
  const { registry, now, logger } = deps;
  const app = server.withTypeProvider<TypeBoxTypeProvider>();

  const onRequest = createAdminGuard(deps.adminToken);

  const issue = (validHours: number | undefined): { token: string; issued: IssuedToken } => {
    const token = newEnrolmentToken();
    const issuedAt = now();
    const hours = validHours ?? deps.tokenValidHours;
    return {
      token,
      issued: {
        sha256: enrolmentTokenSha256(token),
        issuedAt,
        expiresAt: new Date(issuedAt.getTime() + hours * 3_600_000),
      },
    };
  };
  const tokenReply = (terminalId: string, token: string, issued: IssuedToken) =>
    ({
      terminalId,
      enrolmentToken: token,
      expiresAt: issued.expiresAt.toISOString(),
    }) satisfies EnrolmentTokenReply;

  const errors = { 401: ErrorReplySchema, 403: ErrorReplySchema, 400: ErrorReplySchema };

  app.post(
    ADMIN_TERMINALS_PATH,
    {
      onRequest,
      schema: {
        summary: 'Create a terminal and its first one-time enrolment token (administrator)',
        body: CreateTerminalSchema,
        response: { 201: EnrolmentTokenReplySchema, 409: ErrorReplySchema, ...errors },
      },
    },
    async (request, reply) => {
      const { terminalId, terminal, tokenValidHours } = request.body;
      const { token, issued } = issue(tokenValidHours);
      const created = await registry.create(terminalId, terminal, issued);
      if (!created.ok) {
        return reply.code(409).send({
          error: 'terminal-exists',
          message: `terminal ${terminalId} already exists; issue it a new enrolment token instead`,
          where: 'terminalId',
        });
      }
      logger?.event('central.terminal-created', { terminalId });
      return reply.code(201).send(tokenReply(terminalId, token, issued));
    },
  );

  app.get(
    ADMIN_TERMINAL_PATH,
    {
      onRequest,
      schema: {
        summary: "A terminal's registration and enrolment state (administrator)",
        params: TerminalIdParamsSchema,
        response: { 200: RegisteredTerminalSchema, 404: ErrorReplySchema, ...errors },
      },
    },
    async (request, reply) => {
      const registered = await registry.get(request.params.terminalId);
      if (registered === undefined)
        return reply.code(404).send(notFound(request.params.terminalId));
      return viewOf(registered);
    },
  );

  app.post(
    ADMIN_ENROLMENT_TOKEN_PATH,
    {
      onRequest,
      schema: {
        summary: 'Issue a new one-time enrolment token, replacing unused ones (administrator)',
        params: TerminalIdParamsSchema,
        body: IssueTokenSchema,
        response: { 201: EnrolmentTokenReplySchema, 404: ErrorReplySchema, ...errors },
      },
    },
    async (request, reply) => {
      const { terminalId } = request.params;
      const { token, issued } = issue(request.body.tokenValidHours);
      const done = await registry.issueToken(terminalId, issued);
      if (!done.ok) return reply.code(404).send(notFound(terminalId));
      logger?.event('central.enrolment-token-issued', { terminalId });
      return reply.code(201).send(tokenReply(terminalId, token, issued));
    },
  );

  app.post(
    ADMIN_REVOKE_PATH,
    {
      onRequest,
      schema: {
        summary: "Revoke a terminal's key: its requests are refused at once (administrator)",
        params: TerminalIdParamsSchema,
        response: { 200: RegisteredTerminalSchema, 404: ErrorReplySchema, ...errors },
      },
    },
    async (request, reply) => {
      const { terminalId } = request.params;
      const done = await registry.revoke(terminalId, now());
      if (!done.ok) return reply.code(404).send(notFound(terminalId));
      logger?.event('central.terminal-revoked', { terminalId });
      return viewOf((await registry.get(terminalId))!);
    },
  );
}
