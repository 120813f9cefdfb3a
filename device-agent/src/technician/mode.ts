import type { ConfigKey } from '@bianmin/contract';
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { err, ok, type EventLogger, type Result } from '@bianmin/common';
import {
  formatProblems,
  loadConfigFile,
  type DevicesConfig,
  type TechniciansConfig,
  type TerminalConfig,
} from '@bianmin/config';
import type { DeviceStatus, ReadinessReport, ReportedDeviceStates } from '@bianmin/contract';
import type { Outbox } from '@bianmin/sync/outbox';
import type { HeartbeatSnapshot, Uploader, UploadError } from '@bianmin/sync/uploader';
import type { FastifyInstance } from 'fastify';
import type { TerminalDevices } from '../agent/devices.js';
import { registerTechnicianRoutes } from '../api/technician/index.js';
import { createDeviceApplier } from './apply.js';
import { devicesFile } from './devices-file.js';
import { createScreenEnrolment } from './enrolment.js';
import { createCardWait } from './card-wait.js';
import { createAuditLog } from './audit-log.js';
import { createAuditTrail } from './audit-trail.js';
import { createSignInLockout } from './lockout.js';
import { assembleReadiness, createDeviceProblems } from './readiness.js';
import { createTechnicianSessions } from './sessions.js';
import type { SwitchableCredentials } from './switchable-credentials.js';

/** technicians.json from the configuration folder: null when absent (technician mode off). */
export function loadTechnicians(
  configDir: string | undefined,
): Result<TechniciansConfig | null, string> {
  if (configDir === undefined) return ok(null);
  const path = join(configDir, 'technicians.json');
  if (!existsSync(path)) return ok(null);
  const loaded = loadConfigFile('technicians', path);
  return loaded.ok ? loaded : err(formatProblems(loaded.error));
}

export interface TechnicianModeDeps {
  technicians: TechniciansConfig | null;
  /** The enrolment screen pins the centre's configuration key (docs/remote-config.md). */
  pinCentreConfigKey: (key: ConfigKey) => void;
  configDir: string | undefined;
  terminal: TerminalConfig;
  devicesConfig: DevicesConfig;
  devices: Pick<TerminalDevices, 'reader' | 'printer' | 'scanner' | 'lines'>;
  dataDir: string;
  centreUrl: string;
  outbox: Outbox;
  uploader: Pick<Uploader, 'heartbeatOnce' | 'status' | 'nudge'>;
  identity: SwitchableCredentials;
  heartbeat: () => HeartbeatSnapshot;
  deviceStates: () => ReportedDeviceStates;
  /** The terminal database: the audit log's table is in it. */
  db: Database.Database;
  /** True while the resident card watcher reads: a technician's card is not read then. */
  residentReading: () => boolean;
  /** Reads every device now, so the report shows states, not the last poll's. */
  pollDevices: () => Promise<void>;
  logger: EventLogger;
  now: () => Date;
  /** A clock that only moves forward (performance.now()); tests pass their own. */
  monotonicNow?: () => number;
}

function centreMessage(error: UploadError): { reachable: boolean; message: string } {
  if (error.kind === 'network')
    return { reachable: false, message: `连不上中心（${error.detail}）。` };
  if (error.kind === 'http') {
    return {
      reachable: true,
      message: `中心可以连通，但拒绝了这台终端的请求（${error.code ?? error.status}）。`,
    };
  }
  return { reachable: false, message: '中心的应答无法识别：请检查中心地址。' };
}

/** Technician mode (docs/technician.md): its state and its routes, wired by agent/app.ts. */
export function createTechnicianMode(deps: TechnicianModeDeps) {
  const nowMs = () => deps.now().getTime();
  const problems = createDeviceProblems(deps.now);
  const applier = createDeviceApplier(deps.devicesConfig, deps.devices.lines);
  const auditLog = createAuditLog(deps.db, {
    timeZone: deps.terminal.timeZone,
    now: deps.now,
    monotonicNow: deps.monotonicNow,
    logger: deps.logger,
  });
  const assemble = async () => {
    await deps.pollDevices();
    return assembleReadiness({
      terminal: deps.terminal,
      devices: applier.applied(),
      dataDir: deps.dataDir,
      centreUrl: deps.centreUrl,
      deviceStates: deps.deviceStates,
      problems,
      readerModel: async () => {
        const id = await deps.devices.reader.moduleId();
        return id.ok ? id.value : null;
      },
      checkCentre: async () => {
        const sent = await deps.uploader.heartbeatOnce();
        return sent.ok ? { reachable: true, message: '中心可以连通。' } : centreMessage(sent.error);
      },
      lastHeartbeatOkAt: () => deps.uploader.status().lastHeartbeatOkAt,
      clockOffsetMs: () =>
        deps.uploader.status().lastHeartbeatOkAt === null
          ? null
          : deps.identity.credentials.clockOffsetMs(),
      outboxPending: () => deps.outbox.pendingCount(),
      now: deps.now,
    });
  };
  const readiness = async (): Promise<Result<ReadinessReport, 'storage-failed'>> => {
    try {
      return ok(await assemble());
    } catch (error) {
      // The report counts the outbox, and the centre check's heartbeat reads it too: a faulted
      // database is the storage problem the technician came to find, not a bug.
      if (error instanceof Database.SqliteError) return err('storage-failed');
      throw error;
    }
  };
  return {
    noteDeviceChange: (change: DeviceStatus) => problems.note(change),
    register(api: FastifyInstance) {
      registerTechnicianRoutes(api, {
        accounts: deps.technicians,
        sessions: createTechnicianSessions({
          idleMs: (deps.technicians?.idleMinutes ?? 3) * 60_000,
          now: nowMs,
          monotonicNow: deps.monotonicNow,
        }),
        lockout: createSignInLockout(deps.monotonicNow),
        trail: createAuditTrail(deps.logger, auditLog),
        auditLog,
        cardWait: createCardWait({
          reader: deps.devices.reader,
          residentReading: deps.residentReading,
        }),
        terminal: deps.terminal,
        devices: deps.devices,
        applier,
        devicesFile: deps.configDir === undefined ? null : devicesFile(deps.configDir),
        deviceStates: deps.deviceStates,
        readiness,
        recordReadiness: (payload) => {
          deps.outbox.record({ type: 'terminal.readiness-report', payload });
          deps.uploader.nudge();
        },
        enrol: createScreenEnrolment({
          terminalId: deps.terminal.terminalId,
          dataDir: deps.dataDir,
          centreUrl: deps.centreUrl,
          outbox: deps.outbox,
          heartbeat: deps.heartbeat,
          identity: deps.identity,
          pinCentreConfigKey: deps.pinCentreConfigKey,
          logger: deps.logger,
        }),
        centreUrl: deps.centreUrl,
        now: deps.now,
      });
    },
  };
}
