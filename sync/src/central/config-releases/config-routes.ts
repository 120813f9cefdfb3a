import type { EventLogger } from '@bianmin/common';
import { formatProblems, validateRemoteParts } from '@bianmin/config';
import {
  ADMIN_CONFIG_PREVIEW_PATH,
  ADMIN_CONFIG_RELEASES_PATH,
  CONFIG_PATH,
  ConfigDocumentSchema,
  ConfigReleaseReplySchema,
  ConfigReleaseSchema,
  ConfigRequestSchema,
  ErrorReplySchema,
  SignedConfigSchema,
  SignedRequestHeadersSchema,
  TerminalIdParamsSchema,
  type ConfigDocument,
  type ConfigRelease,
  type ErrorReply,
} from '@bianmin/contract';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { createAdminGuard } from '../trust/admin-routes.js';
import type { SignedRouteHooks } from '../trust/signed-routes.js';
import type { TerminalRegistry } from '../trust/trust-store.js';
import { composeDocument } from './compose.js';
import type { ConfigReleaseStore, ReleasePart } from './config-release-store.js';
import type { ConfigSigner } from './config-signing-key.js';
import { scopeKey, scopesCovering } from './scopes.js';

export interface ConfigRouteDeps {
  store: ConfigReleaseStore;
  registry: TerminalRegistry;
  signer: ConfigSigner;
  signed: SignedRouteHooks;
  adminToken: string | undefined;
  now: () => Date;
  logger: EventLogger | undefined;
}

/** Why a release is refused before anything is stored, or undefined if it may be published. */
function releaseProblem(release: ConfigRelease): ErrorReply | undefined {
  const parts = validateRemoteParts({
    ...(release.services != null && { services: release.services }),
    ...(release.serviceHours != null && { serviceHours: release.serviceHours }),
    ...(release.closures != null && { closures: release.closures }),
  });
  if (!parts.ok) {
    const [first] = parts.error;
    return {
      error: 'invalid-release',
      message: formatProblems(parts.error),
      ...(first && { where: first.path === '(file)' ? first.file : `${first.file}.${first.path}` }),
    };
  }
  for (const name of ['warnings', 'announcements'] as const) {
    const notices = release[name] ?? [];
    const ids = new Set<string>();
    for (const [i, notice] of notices.entries()) {
      const where = `${name}[${i}]`;
      const from = 'issuedAt' in notice ? notice.issuedAt : notice.startsAt;
      if (Date.parse(notice.expiresAt) <= Date.parse(from)) {
        return {
          error: 'invalid-release',
          message: `${where}: expiresAt must be later than ${'issuedAt' in notice ? 'issuedAt' : 'startsAt'}`,
          where: `${where}.expiresAt`,
        };
      }
      if (ids.has(notice.id)) {
        return {
          error: 'invalid-release',
          message: `${where}: the id ${notice.id} is used twice; give each notice its own id`,
          where: `${where}.id`,
        };
      }
      ids.add(notice.id);
    }
  }
  return undefined;
}

/**
 * Publishing releases (administrator), previewing a terminal's document, and the signed
 * route a terminal fetches its signed document from (docs/remote-config.md).
 */
export function registerConfigRoutes(server: FastifyInstance, deps: ConfigRouteDeps): void {
  const { store, registry, signer, now, logger } = deps;
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const onRequest = createAdminGuard(deps.adminToken);
  const errors = { 400: ErrorReplySchema, 401: ErrorReplySchema, 403: ErrorReplySchema };

  const documentFor = async (terminalId: string): Promise<ConfigDocument | undefined> => {
    const registered = await registry.get(terminalId);
    if (registered === undefined) return undefined;
    const communityCode = registered.terminal.community.code;
    const parts = await store.parts(scopesCovering(terminalId, communityCode));
    return composeDocument({ terminalId, communityCode, parts, now: now() });
  };

  app.post(
    ADMIN_CONFIG_RELEASES_PATH,
    {
      onRequest,
      schema: {
        summary: 'Publish configuration to a region or one terminal (administrator)',
        body: ConfigReleaseSchema,
        response: { 201: ConfigReleaseReplySchema, ...errors },
      },
    },
    async (request, reply) => {
      const release = request.body;
      const problem = releaseProblem(release);
      if (problem !== undefined) {
        logger?.event('central.config-release-refused', { where: problem.where ?? 'body' });
        return reply.code(400).send(problem);
      }
      const { scope, ...rest } = release;
      const parts: Partial<Record<ReleasePart, unknown>> = rest;
      const publishedAt = now();
      const version = await store.publish(scopeKey(scope), parts, publishedAt);
      logger?.event('central.config-published', {
        scope: scopeKey(scope),
        version,
        parts: Object.keys(rest).join(','),
      });
      return reply.code(201).send({ version, publishedAt: publishedAt.toISOString() });
    },
  );

  app.get(
    ADMIN_CONFIG_PREVIEW_PATH,
    {
      onRequest,
      schema: {
        summary: "A terminal's configuration document as it would receive it now (administrator)",
        params: TerminalIdParamsSchema,
        response: {
          200: Type.Object(
            {
              document: ConfigDocumentSchema,
              running: Type.Union([Type.Integer(), Type.Null()]),
            },
            { additionalProperties: false },
          ),
          404: ErrorReplySchema,
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const { terminalId } = request.params;
      const document = await documentFor(terminalId);
      if (document === undefined) {
        return reply.code(404).send({
          error: 'not-found',
          message: `no terminal ${terminalId} at this centre`,
          where: 'terminalId',
        });
      }
      const running = await store.running(terminalId);
      return { document, running: running?.version ?? null };
    },
  );

  app.post(
    CONFIG_PATH,
    {
      onRequest: deps.signed.onRequest,
      preValidation: deps.signed.preValidation,
      preHandler: deps.signed.preHandler,
      schema: {
        summary: "The terminal's signed configuration document",
        headers: SignedRequestHeadersSchema,
        body: ConfigRequestSchema,
        response: { 200: SignedConfigSchema, ...errors },
      },
    },
    async (request) => {
      const { terminalId } = request.body;
      // The signed hooks admitted only an enrolled terminal: it is registered.
      const document = (await documentFor(terminalId))!;
      logger?.event('central.config-sent', {
        terminalId,
        version: document.version,
        running: request.body.running,
      });
      return signer.sign(JSON.stringify(document));
    },
  );
}

/**
 * For the heartbeat route: records the version the terminal runs and says the newest one
 * the centre has for it (undefined when it has none).
 */
export function createConfigAvailability(deps: {
  store: ConfigReleaseStore;
  registry: TerminalRegistry;
}) {
  return async (
    terminalId: string,
    running: number | undefined,
    receivedAt: Date,
  ): Promise<{ version: number } | undefined> => {
    if (running !== undefined) await deps.store.noteRunning(terminalId, running, receivedAt);
    const registered = await deps.registry.get(terminalId);
    if (registered === undefined) return undefined;
    const scopes = scopesCovering(terminalId, registered.terminal.community.code);
    const version = await deps.store.latestVersion(scopes);
    return version > 0 ? { version } : undefined;
  };
}
