import { Readable } from 'node:stream';
import {
  ErrorReplySchema,
  MONITOR_REGIONS_CSV_PATH,
  MONITOR_REGIONS_PATH,
  MONITOR_TERMINALS_CSV_PATH,
  MONITOR_TERMINALS_PATH,
  MONITOR_TERMINAL_PATH,
  MonitorTerminalParamsSchema,
  RegionQuerySchema,
  RegionSummarySchema,
  TerminalCsvQuerySchema,
  TerminalDetailSchema,
  TerminalPageQuerySchema,
  TerminalPageSchema,
  type ErrorReply,
  type PresenceChange,
} from '@bianmin/contract';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SessionGuard } from '../accounts/index.js';
import { withinScope } from '../accounts/index.js';
import { regionsCsv, terminalsCsv } from './csv.js';
import type { MonitoringStore } from './monitoring-store.js';

export interface MonitoringRouteDeps {
  store: MonitoringStore;
  guard: SessionGuard;
  /** The presence sweeper's changes of one terminal, newest first. */
  presenceHistory: (terminalId: string, limit: number) => Promise<PresenceChange[]>;
  /** Waits until presence is decided as of now (the sweeper's `fresh`). */
  freshPresence: () => Promise<unknown>;
}

const HISTORY_LIMIT = 200;

const outsideScope: ErrorReply = {
  error: 'outside-scope',
  message: '该地区不在您的账号范围内 / this region is outside your account’s region',
  where: 'region',
};

/**
 * The monitoring app's reads. Every route needs a session and answers only inside the
 * account's region: a region outside it is refused (403), a terminal outside it is not
 * found (404), so a region's staff cannot even learn which terminals others have.
 */
export function registerMonitoringRoutes(scope: FastifyInstance, deps: MonitoringRouteDeps): void {
  const { store, guard } = deps;
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const errors = { 400: ErrorReplySchema, 401: ErrorReplySchema, 403: ErrorReplySchema };

  /** The region asked for, or the account's; undefined after refusing it. */
  const regionFor = (request: FastifyRequest, reply: FastifyReply, asked: string | undefined) => {
    const account = guard.accountOf(request);
    const region = asked ?? account.region;
    if (withinScope(account.region, region)) return region;
    void reply.code(403).send(outsideScope);
    return undefined;
  };

  const download = (reply: FastifyReply, name: string) =>
    reply
      .type('text/csv; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="${name}"`);

  app.get(
    MONITOR_TERMINALS_PATH,
    {
      onRequest: guard.onRequest,
      schema: {
        summary: "One page of the account's terminals, filtered and sorted by community and id",
        querystring: TerminalPageQuerySchema,
        response: { 200: TerminalPageSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { limit = '50', cursor, region: asked, ...filters } = request.query;
      const region = regionFor(request, reply, asked);
      if (region === undefined) return reply;
      await deps.freshPresence();
      return store.page({ ...filters, region }, { limit: Number(limit), cursor });
    },
  );

  app.get(
    MONITOR_TERMINALS_CSV_PATH,
    {
      onRequest: guard.onRequest,
      schema: {
        summary: 'The same list as CSV (every page, same filters and region)',
        querystring: TerminalCsvQuerySchema,
        response: errors,
      },
    },
    async (request, reply) => {
      const { region: asked, ...filters } = request.query;
      const region = regionFor(request, reply, asked);
      if (region === undefined) return reply;
      await deps.freshPresence();
      const rows = terminalsCsv({ ...filters, region }, (f, p) => store.page(f, p));
      return download(reply, 'terminals.csv').send(Readable.from(rows));
    },
  );

  app.get(
    MONITOR_TERMINAL_PATH,
    {
      onRequest: guard.onRequest,
      schema: {
        summary: 'One terminal of the account’s region, with its presence history',
        params: MonitorTerminalParamsSchema,
        response: { 200: TerminalDetailSchema, 404: ErrorReplySchema, ...errors },
      },
    },
    async (request, reply) => {
      const { terminalId } = request.params;
      await deps.freshPresence();
      const terminal = await store.terminal(terminalId);
      const code = terminal?.community?.code;
      if (
        terminal === undefined ||
        code === undefined ||
        !withinScope(guard.accountOf(request).region, code)
      ) {
        return reply.code(404).send({
          error: 'not-found',
          message: `no terminal ${terminalId} in your region`,
          where: 'terminalId',
        });
      }
      return { terminal, presenceHistory: await deps.presenceHistory(terminalId, HISTORY_LIMIT) };
    },
  );

  app.get(
    MONITOR_REGIONS_PATH,
    {
      onRequest: guard.onRequest,
      schema: {
        summary: 'Terminals by presence in each region one level down',
        querystring: RegionQuerySchema,
        response: { 200: RegionSummarySchema, ...errors },
      },
    },
    async (request, reply) => {
      const region = regionFor(request, reply, request.query.region);
      if (region === undefined) return reply;
      await deps.freshPresence();
      return store.regions(region);
    },
  );

  app.get(
    MONITOR_REGIONS_CSV_PATH,
    {
      onRequest: guard.onRequest,
      schema: {
        summary: 'The same table as CSV',
        querystring: RegionQuerySchema,
        response: errors,
      },
    },
    async (request, reply) => {
      const region = regionFor(request, reply, request.query.region);
      if (region === undefined) return reply;
      await deps.freshPresence();
      return download(reply, 'regions.csv').send(regionsCsv(await store.regions(region)));
    },
  );
}
