import type { FastifyRequest } from 'fastify';
import type { Result } from '@bianmin/common';
import type { TechnicianAccount, TechniciansConfig, TerminalConfig } from '@bianmin/config';
import {
  ErrorReplySchema,
  type EnrolReply,
  type EnrolRequest,
  type PortsReply,
  type ReadinessEvent,
  type ReadinessReport,
  type ReportedDeviceStates,
  type TechnicianAuditOutcome,
} from '@bianmin/contract';
import type { TerminalDevices } from '../../agent/devices.js';
import type { DeviceApplier } from '../../technician/apply.js';
import type { DevicesFile } from '../../technician/devices-file.js';
import type { SignInLockout } from '../../technician/lockout.js';
import type { CardWait } from '../../technician/card-wait.js';
import type { AuditLog } from '../../technician/audit-log.js';
import type { AuditTrail } from '../../technician/audit-trail.js';
import type { TechnicianSession, TechnicianSessions } from '../../technician/sessions.js';

export interface TechnicianRouteDeps {
  /** technicians.json; null on a terminal without it, where technician mode is off. */
  accounts: TechniciansConfig | null;
  sessions: TechnicianSessions;
  lockout: SignInLockout;
  /** Writes each entry, exit and action to the log and the audit log. */
  trail: AuditTrail;
  /** Pages the audit log (administrators). */
  auditLog: Pick<AuditLog, 'page'>;
  /** Waits on the ID-card reader for a technician's card (刷技术员卡). */
  cardWait: CardWait;
  terminal: TerminalConfig;
  devices: Pick<TerminalDevices, 'reader' | 'printer' | 'scanner'>;
  /** The connections in effect, and how a saved one is put into effect. */
  applier: DeviceApplier;
  /** devices.json in the configuration folder; null when the agent was given none. */
  devicesFile: DevicesFile | null;
  deviceStates: () => ReportedDeviceStates;
  /** Fails when the terminal database cannot be read (the report counts its outbox). */
  readiness: () => Promise<Result<ReadinessReport, 'storage-failed'>>;
  recordReadiness: (event: ReadinessEvent) => void;
  enrol: (request: EnrolRequest) => Promise<EnrolReply>;
  centreUrl: string;
  now: () => Date;
  /** Tests list their own ports. */
  listPorts?: () => Promise<PortsReply>;
}

/** The refusals any technician route may send (the guard's 401/403 among them). */
export const REFUSED = {
  400: ErrorReplySchema,
  401: ErrorReplySchema,
  403: ErrorReplySchema,
  409: ErrorReplySchema,
  429: ErrorReplySchema,
};

export const bearer = (request: FastifyRequest): string | undefined => {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7) : undefined;
};

/** The session the guard found for a request. */
const SESSION_OF = new WeakMap<FastifyRequest, TechnicianSession>();

export const rememberSession = (request: FastifyRequest, session: TechnicianSession): void => {
  SESSION_OF.set(request, session);
};

export const sessionOf = (request: FastifyRequest): TechnicianSession | undefined =>
  SESSION_OF.get(request);

/** Who is signed in, as the sign-in and session replies show it. */
export const sessionView = (
  deps: Pick<TechnicianRouteDeps, 'sessions' | 'centreUrl'>,
  account: TechnicianAccount,
) => ({
  account: { id: account.id, name: account.name, role: account.role },
  idleSeconds: Math.round(deps.sessions.idleMs / 1000),
  centreUrl: deps.centreUrl,
});

/** Records a technician's action in the audit trail, under the request's session. */
export const auditAction =
  (trail: AuditTrail) =>
  (
    request: FastifyRequest,
    action: string,
    outcome: TechnicianAuditOutcome,
    device?: string,
  ): void =>
    trail.action(sessionOf(request)?.account.id ?? 'unknown', action, outcome, device);
