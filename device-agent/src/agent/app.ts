import type { FastifyInstance } from 'fastify';
import { ELDER_PACE, TIMESTAMP_FLOOR } from '@bianmin/contract';
import type { EventLogger } from '@bianmin/common';
import type { ServerLimits } from '@bianmin/contract/server';
import {
  catalogueInitials,
  residentCatalogue,
  type DevicesConfig,
  type ServiceCatalogue,
  type TerminalConfig,
} from '@bianmin/config';
import { createOutbox } from '@bianmin/sync/outbox';
import type { Uploader } from '@bianmin/sync/uploader';
import { createTicketStore } from '../queue/ticket-store.js';
import { recoverTicketCounters } from '../queue/counter-recovery.js';
import { registerDevRoutes } from '../api/dev-routes.js';
import { createCounterSessions } from '../api/counter-sessions.js';
import { openAgentDatabase } from './agent-database.js';
import { createStaffCalls } from '../staff-calls/staff-calls.js';
import { EspeakReadAloud, type ReadAloudVoice } from '../speech/read-aloud.js';
import { createAgentServer } from './agent-server.js';
import { connectCentre, createOutboxPruning, loadIdentity } from './centre-link.js';
import { createDevices } from './devices.js';
import { watchDevices } from './device-watching.js';
import { wireHall } from './hall.js';
import { createNoticeBoard, registerNoticeDevRoute, type NoticePort } from '../notices/index.js';
import type { StorageThresholds } from '../storage/storage-probe.js';
import { createTechnicianMode, loadTechnicians } from '../technician/mode.js';
import { createSessionActivity, type RemoteStart } from '../remote-config/index.js';
import {
  applicationServices,
  createApplications,
  createBackOfficeOutboxConnector,
  createApplicationUsageLog,
  createCardHolds,
  createRequestFingerprint,
} from '../application/index.js';

/** How long a new database file's first start waits for the centre's ticket counts. */
const COUNTER_RECOVERY_TIMEOUT_MS = 2000;

/** A session the kiosk never ended stops holding configuration back after this long. */
const SESSION_STALE_MS = 30 * 60_000;

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
  /**
   * How long after a session's end a resident may still be rating, so a configuration restart
   * waits; defaults to the session's idle time and warning at elder pace.
   */
  ratingLingerMs?: number;
  /** How long clients may take; the defaults suit production. */
  limits?: ServerLimits;
  /** When the data folder's free space counts as low or full; defaults suit a terminal's disk. */
  storageThresholds?: StorageThresholds;
  /** The configuration folder: technicians.json, and devices.json the technician screen edits. */
  configDir?: string;
  /** The built kiosk UI the agent serves; defaults to <repo>/kiosk-ui/build. */
  kioskDir?: string;
  now?: () => Date;
  /** The kiosk's read-aloud where its browser has no voice; espeak-ng unless a test gives one. */
  readAloud?: ReadAloudVoice;
  /**
   * Times technician sessions and sign-in locks and ages the audit log: a clock that only moves
   * forward, performance.now() unless a test drives it.
   */
  monotonicNow?: () => number;
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
  // What can refuse a start is read before the devices are opened: a refused start then leaves
  // no port or database handle behind for the supervisor's next try (remote-config/supervisor.ts).
  const technicians = loadTechnicians(options.configDir);
  if (!technicians.ok) throw new Error(`technicians.json is invalid:\n${technicians.error}`);
  // Opening the database makes the data folder, where the terminal key is kept.
  const db = openAgentDatabase(options.dataDir);
  let identity: ReturnType<typeof loadIdentity>;
  try {
    identity = loadIdentity({
      terminalId: terminal.terminalId,
      dataDir: options.dataDir,
      enrolmentToken: options.enrolmentToken,
      now,
    });
  } catch (error) {
    db.close();
    throw error;
  }
  const outbox = createOutbox(db);
  const { counters, calling } = options.services;
  const tickets = createTicketStore(db, outbox, { timeZone: terminal.timeZone, now, counters });
  const devices = await createDevices(options.devices, logger);
  const devMode =
    options.devices.profile !== 'production' &&
    (devices.simulators.reader !== null ||
      devices.simulators.printer !== null ||
      devices.simulators.scanner !== null);

  const heartbeat = () => ({ terminal, devices: health.states() });
  const sessions = createSessionActivity({
    now,
    staleAfterMs: SESSION_STALE_MS,
    // The rating screen after a session keeps the kiosk's idle time and warning, at elder pace
    // at most: a configuration restart waits that long (docs/remote-config.md).
    lingerMs:
      options.ratingLingerMs ??
      (terminal.session.idleTimeoutSeconds + terminal.session.warningSeconds) * 1000 * ELDER_PACE,
  });
  // The centre's configuration hands it warnings and announcements (docs/warnings.md).
  const notices = createNoticeBoard({
    onChange: (active) => events.publish({ type: 'notices', notices: active }),
    logger,
  });
  const centreUrl = options.centreUrl ?? terminal.centre.url;
  const { uploader, remoteConfig } = connectCentre({
    terminal,
    centreUrl,
    outbox,
    identity,
    heartbeat,
    notices,
    sessions,
    dataDir: options.dataDir,
    remote: options.remote,
    logger,
    now,
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
  // A card read for an application is held for it, never written (application/card-holds.ts).
  const cardHolds = createCardHolds();
  const { health, storageServes, serviceTime, cardWatcher, scanWatcher, events } = watchDevices({
    db,
    outbox,
    devices,
    terminal,
    dataDir: options.dataDir,
    storageThresholds: options.storageThresholds,
    healthIntervalMs: options.healthIntervalMs,
    remote: options.remote,
    notices,
    cardHolds,
    recordDeviceChange: (change, at) => {
      outbox.record({ type: 'device.status-changed', payload: change, createdAt: at });
      uploader.nudge();
    },
    onDeviceChange: (change) => technician.noteDeviceChange(change),
    logger,
    now,
  });
  const queues = residentCatalogue(options.services).queues;
  const { queue, hallFeed, counterHardware, dayEnd } = wireHall({
    db,
    outbox,
    services: options.services,
    queueServiceIds: queues.map((q) => q.id),
    counterHardware: devices.counterHardware,
    timeZone: terminal.timeZone,
    publish: (event) => events.publish(event),
    logger,
    now,
  });
  const technician = createTechnicianMode({
    technicians: technicians.value,
    configDir: options.configDir,
    terminal,
    devicesConfig: options.devices,
    devices,
    dataDir: options.dataDir,
    centreUrl,
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
    monotonicNow: options.monotonicNow,
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
    usage: createApplicationUsageLog(db, outbox),
    fingerprint: createRequestFingerprint(db),
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

  const staffCalls = createStaffCalls({ now });
  const readAloud = options.readAloud ?? new EspeakReadAloud();
  const server = await createAgentServer({
    limits: options.limits,
    // The API description is for developers and technicians, not on a production terminal.
    apiDocs: options.devices.profile !== 'production',
    logger,
    storageServes,
    deviceStates: () => health.states(),
    residentBusy: () => sessions.busy(),
    kiosk: {
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
      readAloud,
      // 呼叫工作人员 reaches the counters' consoles at once, whatever happens to its usage event.
      onStaffCalled: (screen) => {
        const call = staffCalls.raise(screen);
        events.publish({ type: 'staff-called', call });
        return call;
      },
      // The previous session's end may never have come (a reload, a failed call), so a
      // new resident's session drops whatever the agent still held too.
      onSessionStarted: () => {
        cardHolds.clear();
        sessions.started();
      },
      onSessionEnded: () => {
        cardHolds.clear();
        sessions.ended();
      },
    },
    applications: {
      terminal,
      applications,
      connector: applicationConnector,
      printer: devices.printer,
      slip: devices.slipFormat,
      logger,
      canRecord: () => storageServes(),
    },
    guides: {
      terminal,
      services: options.services,
      printer: devices.printer,
      slip: devices.slipFormat,
      logger,
      now,
    },
    counters: {
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
      staffCalls,
    },
    parts: [
      events,
      technician,
      ...(devMode
        ? [
            { register: (api: FastifyInstance) => registerDevRoutes(api, devices) },
            { register: (api: FastifyInstance) => registerNoticeDevRoute(api, notices) },
          ]
        : []),
    ],
    kioskDir: options.kioskDir,
  });
  const pruning = createOutboxPruning(outbox, terminal.centre.keepAcknowledgedDays, logger);
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
