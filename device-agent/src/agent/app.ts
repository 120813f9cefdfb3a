import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { createPeriodic, SOFTWARE_VERSION, type EventLogger } from '@bianmin/common';
import { AGENT_API_PREFIX, TIMESTAMP_FLOOR, stateSpec } from '@bianmin/contract';
import {
  AJV_OPTIONS,
  installErrorReplies,
  notFoundReply,
  registerApiDocs,
  serverLimitOptions,
  type ServerLimits,
} from '@bianmin/contract/server';
import {
  catalogueInitials,
  residentCatalogue,
  type DevicesConfig,
  type ServiceCatalogue,
  type TerminalConfig,
} from '@bianmin/config';
import { createOutbox } from '@bianmin/sync/outbox';
import { createUploader, type Uploader } from '@bianmin/sync/uploader';
import {
  discardEnrolmentTokenFile,
  fileKeyStore,
  loadTerminalCredentials,
  readEnrolmentToken,
} from '@bianmin/sync/terminal-identity';
import { openTerminalDatabase } from '../queue/terminal-database.js';
import { createTicketStore } from '../queue/ticket-store.js';
import { createCounterQueue } from '../queue/counter-queue.js';
import { createDayEnd } from '../queue/day-end.js';
import { recoverTicketCounters } from '../queue/counter-recovery.js';
import { registerKioskRoutes } from '../api/kiosk-routes.js';
import { registerDevRoutes } from '../api/dev-routes.js';
import { registerCounterRoutes } from '../api/counter-routes.js';
import { createCounterSessions } from '../api/counter-sessions.js';
import { createHallFeed } from '../api/counter-hall-feed.js';
import { schemasCompiledOnFirstUse } from '../api/lazy-schema-compilers.js';
import { registerKioskApp } from '../api/kiosk-app.js';
import { createEventStream } from '../api/event-stream.js';
import { createCardWatcher } from './card-watcher.js';
import { createDevices } from './devices.js';
import { createDeviceHealth } from './device-health.js';
import { connectCounterHardware } from './counter-hardware.js';
import { createScanWatcher } from '../scanner/index.js';
import { createNoticeBoard, registerNoticeDevRoute, type NoticePort } from '../notices/index.js';
import { createServiceTimeRecorder } from '../service-time/index.js';
import { createStorageProbe, type StorageThresholds } from '../storage/storage-probe.js';
import { createTechnicianMode, loadTechnicians } from '../technician/mode.js';
import { switchableCredentials } from '../technician/switchable-credentials.js';
import {
  createRemoteConfig,
  createSessionActivity,
  type RemoteStart,
} from '../remote-config/index.js';

/** How long a new database file's first start waits for the centre's ticket counts. */
const COUNTER_RECOVERY_TIMEOUT_MS = 2000;
import {
  applicationServices,
  createApplications,
  createBackOfficeOutboxConnector,
  createCardHolds,
} from '../application/index.js';
import { registerApplicationRoutes } from '../api/application-routes.js';

/** A session the kiosk never ended stops holding configuration back after this long. */
const SESSION_STALE_MS = 30 * 60_000;

/** The terminal database's page cache; a negative cache_size counts KiB, not pages. */
const TERMINAL_DB_CACHE_KIB = 512;

export interface AgentOptions {
  terminal: TerminalConfig;
  devices: DevicesConfig;
  services: ServiceCatalogue;
  dataDir: string;
  logger: EventLogger;
  /** Overrides terminal.centre.url (tests and `npm start` point it at their own centre). */
  centreUrl?: string;
  /** AGENT_ENROLMENT_TOKEN; else the enrolment-token file in dataDir is used, if any. */
  enrolmentToken?: string;
  healthIntervalMs?: number;
  /** How long clients may take; the defaults suit production. */
  limits?: ServerLimits;
  /** When the data folder's free space counts as low or full; defaults suit a terminal's disk. */
  storageThresholds?: StorageThresholds;
  /** The configuration folder: technicians.json, and devices.json the technician screen edits. */
  configDir?: string;
  /** The built kiosk UI the agent serves; defaults to <repo>/kiosk-ui/build. */
  kioskDir?: string;
  now?: () => Date;
  /** The remote configuration this start runs and how to restart (remote-config/supervisor.ts). */
  remote?: RemoteStart;
}

export interface Agent {
  server: FastifyInstance;
  uploader: Uploader;
  /** Where the applied configuration hands its warnings and announcements (docs/warnings.md). */
  notices: NoticePort;
  /**
   * Starts device health polling, the uploader and pruning. Call it once the agent serves
   * (after listen): a start that fails before this (port in use) records nothing in the
   * outbox, so repeated failed starts never send the centre device events.
   */
  start(): Promise<void>;
  close(): Promise<void>;
}

/** Wires the agent's parts together: database, devices, queue, uploader and HTTP API. */
export async function buildAgent(options: AgentOptions): Promise<Agent> {
  const { terminal, logger } = options;
  const now = options.now ?? (() => new Date());
  mkdirSync(options.dataDir, { recursive: true });
  const opened = openTerminalDatabase(join(options.dataDir, 'terminal.sqlite'));
  if (!opened.ok) throw new Error(`the terminal database cannot be used: ${opened.error.message}`);
  const db = opened.value;
  // SQLite's default page cache is 2 MB, filled as the file grows with tickets and events and
  // then held for good; the agent's queries touch a few pages each (the day's counter, one
  // request id, the outbox's tail), so 512 KiB serves them (docs/benchmarks.md, Agent memory).
  db.pragma(`cache_size = -${TERMINAL_DB_CACHE_KIB}`);
  const outbox = createOutbox(db);
  const { counters, calling } = options.services;
  const tickets = createTicketStore(db, outbox, { timeZone: terminal.timeZone, now, counters });
  const devices = await createDevices(options.devices, logger);
  const devMode =
    options.devices.profile !== 'production' &&
    (devices.simulators.reader !== null ||
      devices.simulators.printer !== null ||
      devices.simulators.scanner !== null);

  // The key lives in the data folder (mode 0600) and never leaves it (docs/protocol.md).
  const credentials = loadTerminalCredentials({
    terminalId: terminal.terminalId,
    store: fileKeyStore(options.dataDir),
    enrolmentToken: readEnrolmentToken(options.dataDir, options.enrolmentToken),
    onEnrolled: () => discardEnrolmentTokenFile(options.dataDir),
    now,
  });
  if (!credentials.ok)
    throw new Error(`the terminal key cannot be used: ${credentials.error.detail}`);
  const technicians = loadTechnicians(options.configDir);
  if (!technicians.ok) throw new Error(`technicians.json is invalid:\n${technicians.error}`);
  // Replaceable, so an enrolment from the technician screen takes effect without a restart.
  const identity = switchableCredentials(credentials.value);
  const heartbeat = () => ({ terminal, devices: health.states() });
  const sessions = createSessionActivity({ now, staleAfterMs: SESSION_STALE_MS });
  // The centre's configuration hands it warnings and announcements (docs/warnings.md).
  const notices = createNoticeBoard({
    onChange: (active) => events.publish({ type: 'notices', notices: active }),
    logger,
  });
  const remoteConfig = createRemoteConfig({
    dataDir: options.dataDir,
    terminalId: terminal.terminalId,
    communityCode: terminal.community.code,
    running: options.remote?.running,
    fetch: (running) => uploader.fetchConfig(running),
    notices,
    sessions,
    // Without a supervisor (tests of the agent alone) a kept document waits for a restart.
    applyAtIdle: options.remote?.applyAtIdle ?? (() => undefined),
    logger,
    now,
  });
  const uploader = createUploader({
    outbox,
    terminalId: terminal.terminalId,
    credentials: identity.credentials,
    centreUrl: options.centreUrl ?? terminal.centre.url,
    uploadIntervalMs: terminal.centre.uploadIntervalSeconds * 1000,
    heartbeatIntervalMs: terminal.centre.heartbeatIntervalSeconds * 1000,
    logger,
    now,
    // The uploader adds the id, interval and outbox count, and copies only allowed fields.
    heartbeat,
    configVersion: () => remoteConfig.version(),
    onConfigAvailable: (version) => void remoteConfig.available(version),
    onCentreConfigKey: (key) => remoteConfig.pinKey(key),
  });
  // Before the server exists, so no ticket is numbered until this is settled.
  await recoverTicketCounters({
    db,
    timeZone: terminal.timeZone,
    now,
    logger,
    askCentre: (range) => uploader.ticketCounters(range, COUNTER_RECOVERY_TIMEOUT_MS),
    timeoutMs: COUNTER_RECOVERY_TIMEOUT_MS,
  });

  const storage = createStorageProbe(db, options.dataDir, options.storageThresholds);
  // 'unknown' before the first reading counts as serving: the first poll runs at start.
  const storageServes = () => {
    const state = health.states().storage;
    return state === 'unknown' || stateSpec('storage', state)?.severity !== 'fault';
  };
  const health = createDeviceHealth(
    { ...devices.probes, storage },
    {
      intervalMs: options.healthIntervalMs ?? 5000,
      logger,
      onChange: (change) => {
        outbox.record({ type: 'device.status-changed', payload: change });
        serviceTime.deviceChanged();
        uploader.nudge();
        events.deviceChanged(change);
        technician.noteDeviceChange(change);
      },
    },
  );
  const serviceTime = createServiceTimeRecorder({
    db,
    outbox,
    serviceHours: terminal.serviceHours,
    closures: options.remote?.running?.parts.closures,
    timeZone: terminal.timeZone,
    deviceStates: () => health.states(),
    now,
    onError: (error) =>
      logger.event('sync.service-time-failed', {
        error: error instanceof Error ? error.name : 'unknown',
      }),
  });
  // A card read for an application is held for it, never written (application/card-holds.ts).
  const cardHolds = createCardHolds();
  const cardWatcher = createCardWatcher({
    reader: devices.reader,
    timeZone: terminal.timeZone,
    now,
    logger,
    holdForApplication: (holder) => cardHolds.keep(holder),
    onEvent: (event) => events.publish(event),
  });
  const scanWatcher =
    devices.scanner &&
    createScanWatcher({
      scanner: devices.scanner,
      logger,
      onEvent: (event) => events.publish(event),
    });
  const events = createEventStream({
    deviceStates: () => health.states(),
    cardPresence: () => cardWatcher.presence(),
    notices: () => notices.active(),
    onSubscribersChanged: (count) => {
      cardWatcher.setListening(count > 0);
      scanWatcher?.setListening(count > 0);
    },
    logger,
  });
  const queues = residentCatalogue(options.services).queues;
  const queue = createCounterQueue(db, outbox, {
    counters,
    calling,
    queueServiceIds: queues.map((q) => q.id),
    timeZone: terminal.timeZone,
    now,
    onCall: (call) => {
      events.publish({ type: 'queue-called', call });
      counterHardware.called(call);
    },
    onChange: () => hallFeed.changed(),
  });
  const hallFeed = createHallFeed({
    waitingCounts: () => queue.waitingCounts(),
    publish: (event) => events.publish(event),
  });
  const counterHardware = connectCounterHardware(devices.counterHardware, {
    queue,
    logger,
    onRatingRequested: (counter) => {
      const asked = queue.ratingRequest(counter);
      if (asked.ok) events.publish({ type: 'rating-requested', request: asked.value.request });
    },
  });
  const dayEnd = createDayEnd(queue, { logger });
  const technician = createTechnicianMode({
    technicians: technicians.value,
    configDir: options.configDir,
    terminal,
    devicesConfig: options.devices,
    devices,
    dataDir: options.dataDir,
    centreUrl: options.centreUrl ?? terminal.centre.url,
    outbox,
    uploader,
    identity,
    pinCentreConfigKey: (key) => remoteConfig.pinKey(key),
    heartbeat,
    deviceStates: () => health.states(),
    pollDevices: () => health.pollOnce(),
    residentReading: () => cardWatcher.presence() !== 'not-watching',
    db,
    logger,
    now,
  });
  // The community back office's outbox today; a provincial platform's connector later.
  const applicationConnector = createBackOfficeOutboxConnector(db, {
    timeZone: terminal.timeZone,
    now,
  });
  const applications = createApplications({
    services: applicationServices(residentCatalogue(options.services)),
    connector: applicationConnector,
    holds: cardHolds,
    outbox,
    logger,
    timeZone: terminal.timeZone,
    now,
    onOutboxChanged: () => uploader.nudge(),
  });
  // Without initials the kiosk still finds services by their characters.
  const initials = await catalogueInitials(options.services).catch((error: unknown) => {
    logger.event('agent.search-initials-failed', {
      error: error instanceof Error ? error.message : String(error),
    });
    return new Map<string, string>();
  });

  const server = Fastify({
    ...serverLimitOptions(options.limits),
    logger: false,
    ajv: { customOptions: AJV_OPTIONS },
    schemaController: schemasCompiledOnFirstUse(),
    bodyLimit: 64 * 1024,
  });
  installErrorReplies(server, {
    onRejected: ({ route, status, reason, field }) =>
      logger.event('agent.request-rejected', { route, status, reason, ...(field && { field }) }),
    onUnexpected: (error) =>
      logger.pino.error({ err: { type: error.name, message: error.message } }, 'unexpected error'),
  });
  // A terminal whose storage cannot take a ticket is not healthy, whatever else works: a
  // supervisor or the centre's probe must not read 200 then (docs/architecture.md, Devices).
  // The API description is for developers and technicians, not on a production terminal.
  if (options.devices.profile !== 'production') {
    registerApiDocs(server, {
      title: 'Bianmin Kiosk device agent',
      description: 'What the kiosk page (and the development panel) call on the terminal.',
      version: SOFTWARE_VERSION,
    });
  }
  // A terminal whose storage cannot take a ticket is not healthy, whatever else works: a
  // supervisor or the centre's probe must not read 200 then (docs/architecture.md, Devices).
  server.get('/healthz', async (_request, reply) => {
    const ok = storageServes();
    return reply.code(ok ? 200 : 503).send({ ok, devices: health.states() });
  });
  await server.register(
    async (api) => {
      // Scoped to the API, so whatever else the agent serves keeps its own not-found answer.
      api.setNotFoundHandler(notFoundReply);
      registerKioskRoutes(api, {
        terminal,
        services: options.services,
        initials,
        devices,
        cardWatcher,
        scanWatcher,
        tickets,
        outbox,
        logger,
        devMode,
        now,
        // A ticket issued changes the hall display's waiting counts.
        onOutboxChanged: () => {
          uploader.nudge();
          hallFeed.changed();
        },
        canRecord: () => storageServes(),
        onSessionStarted: () => sessions.started(),
        onSessionEnded: () => {
          cardHolds.clear();
          sessions.ended();
        },
      });
      registerApplicationRoutes(api, {
        terminal,
        applications,
        connector: applicationConnector,
        printer: devices.printer,
        slip: devices.slipFormat,
        logger,
        canRecord: () => storageServes(),
      });
      registerCounterRoutes(api, {
        queue,
        sessions: createCounterSessions({
          counters,
          now,
          // The defaults' sample PINs must not open a real hall's counters.
          refuseTrivialPins: options.devices.profile === 'production',
        }),
        counterNetworks: calling.counterNetworks,
        queueNames: new Map(queues.map((q) => [q.id, q.name])),
        announcements: calling.announcements,
        logger,
        publish: (event) => events.publish(event),
        onOutboxChanged: () => uploader.nudge(),
      });
      events.register(api);
      technician.register(api);
      if (devMode) registerDevRoutes(api, devices);
      if (devMode) registerNoticeDevRoute(api, notices);
    },
    { prefix: AGENT_API_PREFIX },
  );
  registerKioskApp(server, { kioskDir: options.kioskDir, logger });

  // Acknowledged events are kept to refill a centre restored from a backup, then pruned so
  // the disk never fills.
  const pruning = createPeriodic({
    task: () => outbox.prune(terminal.centre.keepAcknowledgedDays),
    intervalMs: 24 * 3600 * 1000,
    onError: (error) =>
      logger.event('sync.outbox-prune-failed', {
        error: error instanceof Error ? error.name : 'unknown',
      }),
  });
  return {
    server,
    uploader,
    notices,
    async start() {
      // A dead clock battery: nothing is refused for it (the centre dates such events by when
      // it receives them and signing follows the centre's clock), but a technician should know.
      if (now().getTime() < Date.parse(TIMESTAMP_FLOOR)) {
        logger.event('agent.clock-unset', { clock: now().toISOString() });
      }
      pruning.start();
      dayEnd.start();
      await health.pollOnce();
      serviceTime.start();
      health.start();
      cardWatcher.start();
      counterHardware.start();
      uploader.start();
      remoteConfig.start();
    },
    async close() {
      await pruning.stop();
      await dayEnd.stop();
      await cardWatcher.stop();
      scanWatcher?.stop();
      notices.close();
      // Open streams would keep server.close() waiting for ever.
      events.close();
      await server.close();
      await health.stop();
      await serviceTime.stop();
      await uploader.stop();
      await devices.close();
      db.close();
    },
  };
}
