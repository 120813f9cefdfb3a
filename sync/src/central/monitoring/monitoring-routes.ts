import { Readable } from 'node:stream';
import {
  DEVICES,
  ErrorReplySchema,
  MAX_DEVICE_CHANGES,
  MONITOR_RATINGS_CSV_PATH,
  MONITOR_RATINGS_PATH,
  MONITOR_TERMINAL_DAYS_CSV_PATH,
  MONITOR_TERMINAL_DAYS_PATH,
  MONITOR_TERMINAL_FAULTS_CSV_PATH,
  MONITOR_USAGE_CSV_PATH,
  MONITOR_USAGE_PATH,
  PeriodQuerySchema,
  RatingSummarySchema,
  TERMINAL_DAYS,
  TerminalDaysSchema,
  UsageSummarySchema,
  stateSpec,
  type DeviceChange,
  type DeviceId,
  type PeriodQuery,
  type TerminalDays,
  CoverageQuerySchema,
  CoverageReportSchema,
  MONITOR_COVERAGE_PATH,
  MONITOR_REGIONS_CSV_PATH,
  MONITOR_REGIONS_PATH,
  NATION_SCOPE,
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
import {
  deviceChangesCsv,
  ratingsCsv,
  regionsCsv,
  terminalDaysCsv,
  terminalsCsv,
  usageCsv,
} from './csv.js';
import type { CoverageReporter } from '../coverage/coverage-report.js';
import type { MonitoringStore } from './monitoring-store.js';
import { lastDays, terminalDays } from './terminal-days.js';
import { periodOf, ratingSummary, usageSummary, type Period } from './usage-report.js';

export interface MonitoringRouteDeps {
  store: MonitoringStore;
  guard: SessionGuard;
  /** The presence sweeper's changes of one terminal, newest first. */
  presenceHistory: (terminalId: string, limit: number) => Promise<PresenceChange[]>;
  /** Waits until presence is decided as of now (the sweeper's `fresh`). */
  freshPresence: () => Promise<unknown>;
  /** Brings the usage rollup up to the delivered events unless it ran moments ago. */
  freshUsage: () => Promise<unknown>;
  /** The coverage indicator's report (docs/coverage.md). */
  coverage: CoverageReporter;
  now: () => Date;
  /** Zone of the local days usage and uptime count by. */
  timeZone: string;
}

function deviceChange(at: string, device: string, state: string): DeviceChange {
  const known = Object.hasOwn(DEVICES, device) ? (device as DeviceId) : undefined;
  const spec = known && stateSpec(known, state);
  const name = known ? DEVICES[known].label : device;
  // A state the registry does not know counts as a fault, as presence judges it.
  return {
    at,
    device,
    state,
    label: `${name}：${spec?.label ?? state}`,
    severity: spec?.severity ?? 'fault',
  };
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

  /** The terminal if it lies in the account's region; undefined after answering 404. */
  const scopedTerminal = async (
    request: FastifyRequest,
    reply: FastifyReply,
    terminalId: string,
  ) => {
    const terminal = await store.terminal(terminalId);
    const code = terminal?.community?.code;
    if (terminal && code !== undefined && withinScope(guard.accountOf(request).region, code)) {
      return terminal;
    }
    void reply.code(404).send({
      error: 'not-found',
      message: `no terminal ${terminalId} in your region`,
      where: 'terminalId',
    });
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
      const terminal = await scopedTerminal(request, reply, terminalId);
      if (terminal === undefined) return reply;
      return { terminal, presenceHistory: await deps.presenceHistory(terminalId, HISTORY_LIMIT) };
    },
  );

  const daysOf = async (terminalId: string): Promise<TerminalDays> => {
    await Promise.all([deps.freshPresence(), deps.freshUsage()]);
    const now = deps.now();
    const days = lastDays(now, TERMINAL_DAYS, deps.timeZone);
    const from = days[0]!.start;
    const to = days.at(-1)!.end;
    const [changes, intervals, devices] = await Promise.all([
      store.presenceBetween(terminalId, from, to),
      store.serviceIntervals(terminalId, from, to),
      store.deviceChanges(terminalId, from, to, MAX_DEVICE_CHANGES),
    ]);
    return {
      terminalId,
      timeZone: deps.timeZone,
      days: terminalDays(days, now, changes, intervals),
      deviceChanges: devices.map((c) => deviceChange(c.at, c.device, c.state)),
    };
  };

  app.get(
    MONITOR_TERMINAL_DAYS_PATH,
    {
      onRequest: guard.onRequest,
      schema: {
        summary:
          'One terminal’s last 90 days: presence and its own service time per day, device changes',
        params: MonitorTerminalParamsSchema,
        response: { 200: TerminalDaysSchema, 404: ErrorReplySchema, ...errors },
      },
    },
    async (request, reply) => {
      const { terminalId } = request.params;
      if ((await scopedTerminal(request, reply, terminalId)) === undefined) return reply;
      return daysOf(terminalId);
    },
  );

  for (const [path, csv, name] of [
    [MONITOR_TERMINAL_DAYS_CSV_PATH, terminalDaysCsv, 'days'],
    [MONITOR_TERMINAL_FAULTS_CSV_PATH, deviceChangesCsv, 'device-changes'],
  ] as const) {
    app.get(
      path,
      {
        onRequest: guard.onRequest,
        schema: {
          summary: `The ${name} table of the terminal's 90 days as CSV`,
          params: MonitorTerminalParamsSchema,
          response: { 404: ErrorReplySchema, ...errors },
        },
      },
      async (request, reply) => {
        const { terminalId } = request.params;
        if ((await scopedTerminal(request, reply, terminalId)) === undefined) return reply;
        const text = csv(await daysOf(terminalId));
        return download(reply, `${terminalId}-${name}.csv`).send(text);
      },
    );
  }

  /** The region and period asked for; undefined after refusing them. */
  const periodFor = async (
    request: FastifyRequest,
    reply: FastifyReply,
    query: PeriodQuery,
  ): Promise<{ region: string; period: Period } | undefined> => {
    const region = regionFor(request, reply, query.region);
    if (region === undefined) return undefined;
    const period = periodOf(query, deps.now(), deps.timeZone);
    if (!period.ok) {
      void reply.code(400).send(period.error);
      return undefined;
    }
    await deps.freshUsage();
    return { region, period: period.value };
  };

  app.get(
    MONITOR_USAGE_PATH,
    {
      onRequest: guard.onRequest,
      schema: {
        summary: 'Usage events per service in each region one level down, over local days',
        querystring: PeriodQuerySchema,
        response: { 200: UsageSummarySchema, ...errors },
      },
    },
    async (request, reply) => {
      const asked = await periodFor(request, reply, request.query);
      if (asked === undefined) return reply;
      return usageSummary(store, asked.region, asked.period, deps.timeZone);
    },
  );

  app.get(
    MONITOR_USAGE_CSV_PATH,
    {
      onRequest: guard.onRequest,
      schema: {
        summary: 'The usage table as CSV',
        querystring: PeriodQuerySchema,
        response: errors,
      },
    },
    async (request, reply) => {
      const asked = await periodFor(request, reply, request.query);
      if (asked === undefined) return reply;
      const summary = await usageSummary(store, asked.region, asked.period, deps.timeZone);
      return download(reply, 'usage.csv').send(usageCsv(summary));
    },
  );

  app.get(
    MONITOR_RATINGS_PATH,
    {
      onRequest: guard.onRequest,
      schema: {
        summary: '好差评 per level in each region one level down, over local days',
        querystring: PeriodQuerySchema,
        response: { 200: RatingSummarySchema, ...errors },
      },
    },
    async (request, reply) => {
      const asked = await periodFor(request, reply, request.query);
      if (asked === undefined) return reply;
      return ratingSummary(store, asked.region, asked.period, deps.timeZone);
    },
  );

  app.get(
    MONITOR_RATINGS_CSV_PATH,
    {
      onRequest: guard.onRequest,
      schema: {
        summary: 'The 好差评 table as CSV',
        querystring: PeriodQuerySchema,
        response: errors,
      },
    },
    async (request, reply) => {
      const asked = await periodFor(request, reply, request.query);
      if (asked === undefined) return reply;
      const summary = await ratingSummary(store, asked.region, asked.period, deps.timeZone);
      return download(reply, 'ratings.csv').send(ratingsCsv(summary));
    },
  );

  app.get(
    MONITOR_COVERAGE_PATH,
    {
      onRequest: guard.onRequest,
      schema: {
        summary: "The coverage indicator for the account's region or one inside it",
        querystring: CoverageQuerySchema,
        response: { 200: CoverageReportSchema, 404: ErrorReplySchema, ...errors },
      },
    },
    async (request, reply) => {
      const region = regionFor(request, reply, request.query.region);
      if (region === undefined) return reply;
      // The nation's report is the one over every community configured.
      const asked = region === NATION_SCOPE ? undefined : region;
      const result = await deps.coverage({ ...request.query, region: asked });
      if (result.ok) return result.value;
      const { status, error, message } = result.error;
      return reply.code(status).send({ error, message });
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
