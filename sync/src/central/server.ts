import { SOFTWARE_VERSION, type Clock, type EventLogger } from '@bianmin/common';
import type { CommunitiesConfig, RegionsConfig } from '@bianmin/config';
import type Database from 'better-sqlite3';
import { CENTRE_BODY_LIMIT_BYTES, MAX_EVENTS_PER_BATCH } from '@bianmin/contract';
import {
  AJV_OPTIONS,
  installErrorReplies,
  notFoundReply,
  registerApiDocs,
  serverLimitOptions,
  type ServerLimits,
} from '@bianmin/contract/server';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { registerCentralRoutes } from './routes.js';
import { registerTicketCountersRoute } from './ticket-counters-route.js';
import { OPEN_ALL_DAY, createServiceCalendar } from './coverage/calendar.js';
import { registerPresenceRoutes } from './presence/presence-routes.js';
import { createPresenceSweeper } from './presence/sweeper.js';
import { createCentreTrust, type TrustOptions } from './trust/index.js';
import type { CentralStores } from './storage/central-stores.js';
import { createSqliteStores } from './storage/sqlite/sqlite-stores.js';
import { createCoverageReporter } from './coverage/coverage-report.js';
import { registerCoverageRoutes } from './coverage/coverage-routes.js';
import { createCoverageRule } from './coverage/rule.js';
import { createServiceTimeIngest } from './coverage/service-time-ingest.js';
import { createTerminalCommunities } from './coverage/terminal-communities.js';
import {
  DEFAULT_SESSION_RULES,
  registerAccountRoutes,
  type ScryptCost,
  type SessionRules,
} from './accounts/index.js';
import {
  createUsageRollup,
  registerMonitorApp,
  registerMonitoringRoutes,
} from './monitoring/index.js';
import { withFastDateTime } from './date-time-format.js';
import {
  createConfigAvailability,
  createConfigSigner,
  generateConfigKey,
  registerConfigRoutes,
  type ConfigSigner,
} from './config-releases/index.js';

/**
 * Where the centre keeps its data: a SQLite file opened with openCentralDatabase (its tables
 * up to date), or stores already open on either database (the caller closes those).
 */
type CentralStorageOption =
  { db: Database.Database; stores?: never } | { stores: CentralStores; db?: never };

export type CentralServerOptions = CentralStorageOption & CentralServerSettings;

interface CentralServerSettings {
  logger?: EventLogger;
  /** The centre's clock; injected in tests to move time forward. */
  now?: () => Date;
  /** Zone whose calendar day "today" means. */
  timeZone?: string;
  /** How long clients may take; the defaults suit production. */
  limits?: ServerLimits;
  /** Regions, service hours and the indicator's rule; without it, open all day, every day. */
  regions?: RegionsConfig;
  /** The communities coverage counts over. */
  communities?: CommunitiesConfig;
  /** Timers of the presence sweeper; tests pass a manual clock. */
  clock?: Clock;
  /** How often the presence sweeper looks at every terminal (default 10 s). */
  presenceSweepMs?: number;
  /** How often usage is rolled up from delivered events (default 15 s). */
  usageRollupMs?: number;
  /** Enrolment and signed requests: the time window and the administrator token. */
  trust?: TrustOptions;
  /**
   * Signs terminals' configuration documents; without it a key made for this server alone
   * (tests), which terminals enrolled elsewhere would not trust.
   */
  configSigner?: ConfigSigner;
  /** Monitoring accounts: session lifetimes, scrypt's cost (tests lower it) and the app's files. */
  monitoring?: { sessionRules?: SessionRules; scryptCost?: ScryptCost; appDir?: string };
}

export function buildCentralServer(options: CentralServerOptions): FastifyInstance {
  const { logger } = options;
  const now = options.now ?? (() => new Date());
  const timeZone = options.timeZone ?? 'Asia/Shanghai';

  const app = Fastify({
    ...serverLimitOptions(options.limits),
    bodyLimit: CENTRE_BODY_LIMIT_BYTES,
    // Fastify's own info lines (listening, per request) are not catalogue events and
    // would be hundreds a second for a province; keep only its warnings and errors.
    ...(logger ? { loggerInstance: logger.pino.child({}, { level: 'warn' }) } : { logger: false }),
    logController: new LogController({ disableRequestLogging: true }),
    ajv: { customOptions: AJV_OPTIONS, onCreate: withFastDateTime },
  }) as unknown as FastifyInstance;

  // Only JSON is accepted; without this, text/plain would parse into a string.
  app.removeContentTypeParser('text/plain');

  installErrorReplies(app, {
    onRejected: ({ route, reason, field }) =>
      logger?.event('central.request-rejected', { route, reason, ...(field && { field }) }),
    onUnexpected: (error, request) =>
      request.log.error({ err: error }, 'unhandled error in the central service'),
    bodyTooLargeHint: `send at most ${MAX_EVENTS_PER_BATCH} events per batch`,
  });
  app.setNotFoundHandler(notFoundReply);
  let stores: CentralStores;
  if (options.db === undefined) stores = options.stores;
  else {
    const own = createSqliteStores(options.db);
    app.addHook('onClose', () => own.close());
    stores = own;
  }
  const { registry } = stores;
  const configSigner = options.configSigner ?? ownConfigSigner();
  const trust = createCentreTrust(app, {
    registry,
    nonces: stores.nonces,
    now,
    logger,
    configKey: configSigner.key,
    ...(options.trust && { options: options.trust }),
  });

  registerApiDocs(app, {
    title: 'Bianmin Kiosk central service',
    description:
      'What terminals send (enrolment, event batches, heartbeats; signed as docs/protocol.md says), what administrators call and what monitoring reads (terminals).',
    version: SOFTWARE_VERSION,
  });
  const regions = options.regions ?? OPEN_ALL_DAY;
  const communities = options.communities ?? { communities: [] };
  const calendar = createServiceCalendar(regions, communities.communities);
  const presenceStore = stores.presence;
  const reportSweepFailure = (error: unknown) =>
    logger?.event('central.presence-sweep-failed', {
      error: error instanceof Error ? error.name : 'unknown',
    });
  const sweeper = createPresenceSweeper({
    store: presenceStore,
    calendar,
    missedHeartbeats: regions.presence.offlineAfterMissedHeartbeats,
    timeZone,
    now,
    intervalMs: options.presenceSweepMs ?? 10_000,
    onError: reportSweepFailure,
    ...(options.clock && { clock: options.clock }),
  });
  const coverageStore = stores.coverage;
  const rule = createCoverageRule(regions, communities, calendar);
  const serviceTime = createServiceTimeIngest({
    store: coverageStore,
    terminals: createTerminalCommunities(registry, (id) => stores.heartbeats.seenCommunity(id)),
    judge: rule.judge,
    timeZone,
  });
  const coverage = createCoverageReporter({
    store: coverageStore,
    regions,
    communities,
    calendar,
    timeZone,
    now,
  });
  const usageRollup = createUsageRollup({
    store: stores.monitoring,
    timeZone,
    now,
    ...(options.usageRollupMs !== undefined && { intervalMs: options.usageRollupMs }),
    onError: (error: unknown) =>
      logger?.event('central.usage-rollup-failed', {
        error: error instanceof Error ? error.name : 'unknown',
      }),
    ...(options.clock && { clock: options.clock }),
  });
  app.addHook('onReady', async () => {
    // A changed rule (hours threshold, holidays, the community list) re-judges stored days.
    await coverageStore.applyRule(rule.fingerprint, rule.judge);
    sweeper.start();
    usageRollup.start();
  });
  app.addHook('onClose', async () => {
    await sweeper.stop();
    await usageRollup.stop();
  });

  // Inside a plugin, so the API description (registered first) sees every route.
  void app.register(async (routes) => {
    trust.registerRoutes(routes);
    registerTicketCountersRoute(routes, { events: stores.events, signed: trust.signed, logger });
    registerConfigRoutes(routes, {
      store: stores.configReleases,
      registry,
      signer: configSigner,
      signed: trust.signed,
      adminToken: options.trust?.adminToken,
      now,
      logger,
    });
    registerCentralRoutes(routes, {
      events: stores.events,
      recordServiceTime: (batch, receivedAt) => serviceTime.record(batch, receivedAt),
      recordHeartbeat: async (body, receivedAt) => {
        // Where a terminal serves is what the administrator registered, not what its heartbeat
        // claims: a terminal could otherwise move its hours to another community's coverage.
        const registered = await registry.get(body.terminalId);
        const stored = registered ? { ...body, terminal: registered.terminal } : body;
        await stores.heartbeats.record(stored, receivedAt);
        // Recovery shows at once: the sweeper decides this terminal now, from what was stored.
        sweeper
          .observe({
            terminalId: body.terminalId,
            communityCode: stored.terminal.community.code,
            input: {
              lastSeenAt: receivedAt.toISOString(),
              intervalSeconds: body.intervalSeconds,
              devices: body.devices,
            },
          })
          .catch(reportSweepFailure);
        serviceTime.terminalSeen(body.terminalId).catch((error: unknown) =>
          logger?.event('central.service-time-failed', {
            error: error instanceof Error ? error.name : 'unknown',
          }),
        );
      },
      overview: async (at, zone) => {
        await sweeper.fresh();
        return stores.overview(at, zone);
      },
      signed: trust.signed,
      configAvailable: createConfigAvailability({ store: stores.configReleases, registry }),
      coverageSummary: async () => {
        const reports = await Promise.all(regions.regions.map((r) => coverage({ region: r.code })));
        return reports.flatMap((r) => (r.ok ? [r.value] : []));
      },
      now,
      timeZone,
      logger,
    });
    registerPresenceRoutes(routes, { store: presenceStore, sweeper });
    registerCoverageRoutes(routes, coverage);
    await routes.register(async (scope) => {
      const monitoring = stores.monitoring;
      const guard = await registerAccountRoutes(scope, {
        store: stores.accounts,
        adminToken: options.trust?.adminToken,
        rules: options.monitoring?.sessionRules ?? DEFAULT_SESSION_RULES,
        ...(options.monitoring?.scryptCost && { scryptCost: options.monitoring.scryptCost }),
        regionName: (region) => monitoring.regionName(region),
        now,
        logger,
      });
      registerMonitoringRoutes(scope, {
        store: monitoring,
        guard,
        presenceHistory: (terminalId, limit) => presenceStore.history(terminalId, limit),
        freshPresence: () => sweeper.fresh(),
        freshUsage: () => usageRollup.fresh(),
        coverage,
        now,
        timeZone,
      });
    });
    registerMonitorApp(routes, options.monitoring?.appDir);
  });
  return app;
}

function ownConfigSigner(): ConfigSigner {
  const signer = createConfigSigner(generateConfigKey());
  if (!signer.ok) throw new Error(signer.error);
  return signer.value;
}
