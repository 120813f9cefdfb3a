import { Type, type Static, type TSchema } from 'typebox';
import { DEVICE_IDS } from '../devices.js';
import { IsoTime, closed, oneOf } from '../schema.js';
import { EmptyBodySchema } from './kiosk.js';

/**
 * Technician mode on the terminal (docs/technician.md): the routes a signed-in technician
 * calls from the kiosk's /technician page. Every route but sign-in needs the session token
 * (`Authorization: Bearer …`, kept in the page's memory only) and names the least role that
 * may call it. Nothing here carries a resident's data: a test read shows a masked name.
 */

export const TECHNICIAN_ROLE_NAMES = ['technician', 'administrator'] as const;
export type TechnicianRoleName = (typeof TECHNICIAN_ROLE_NAMES)[number];

const Text = (maxLength: number) => Type.String({ maxLength });

export const TechnicianSignInRequestSchema = closed({
  pin: Type.String({ pattern: '^[0-9]{4,12}$' }),
});
export type TechnicianSignInRequest = Static<typeof TechnicianSignInRequestSchema>;

export const TechnicianAccountViewSchema = closed({
  id: Text(32),
  name: Text(16),
  role: oneOf(TECHNICIAN_ROLE_NAMES),
});
export type TechnicianAccountView = Static<typeof TechnicianAccountViewSchema>;

export const TechnicianSessionSchema = closed({
  account: TechnicianAccountViewSchema,
  /** The mode leaves by itself after this long without a request. */
  idleSeconds: Type.Integer({ minimum: 1 }),
  /** The centre the terminal reports to: the enrolment screen starts from it. */
  centreUrl: Text(300),
});
export type TechnicianSession = Static<typeof TechnicianSessionSchema>;

export const TechnicianSignInReplySchema = closed({
  token: Type.String({ pattern: '^[A-Za-z0-9_-]{43}$' }),
  session: TechnicianSessionSchema,
});
export type TechnicianSignInReply = Static<typeof TechnicianSignInReplySchema>;

/** The technician audit log (administrators): entries newest first, a page at a time. */
export const TechnicianAuditQuerySchema = closed({
  /** Entries older than this id (下一页); without it, the newest. Digits: query strings are not converted. */
  before: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,14}$' })),
  /** Entries newer than this id (上一页); the page is still newest first. */
  after: Type.Optional(Type.String({ pattern: '^(0|[1-9][0-9]{0,14})$' })),
  /** 1 to 50. */
  limit: Type.String({ pattern: '^([1-9]|[1-4][0-9]|50)$' }),
});
export type TechnicianAuditQuery = Static<typeof TechnicianAuditQuerySchema>;

/**
 * Every outcome the agent writes to the audit log (an entry's `outcome`). The agent's audit
 * trail takes only these and the kiosk's words are keyed by them, so a new outcome does not
 * compile until it is named here and given its words on the screen.
 */
export const TECHNICIAN_AUDIT_OUTCOMES = [
  // sign-in, and why one was refused (a card's wait and read among them)
  'signed-in',
  'wrong-pin',
  'unknown-card',
  'locked',
  'mode-off',
  'no-cards',
  'no-card',
  'unreadable',
  'reader-busy',
  'reader-offline',
  'cancelled',
  // sign-out
  'exit',
  'idle',
  'replaced',
  // request: a call refused by the guard
  'refused-401',
  'refused-403',
  // probe
  'answered',
  'no-answer',
  // test-read: read, or the reader's error
  'read',
  'card-unreadable',
  'reader-fault',
  'link-error',
  'frame-invalid',
  'card-data-invalid',
  // save and undo
  'saved-applied',
  'saved-for-restart',
  'refused-no-answer',
  'refused-invalid',
  'restored-applied',
  'restored-for-restart',
  'refused',
  // test print, the readiness report, the audit log
  'printed',
  'not-printed',
  'shown',
  'not-shown',
  'queued',
  'not-queued',
  // enrolment
  'enrolled',
] as const;
export type TechnicianAuditCode = (typeof TECHNICIAN_AUDIT_OUTCOMES)[number];
/** `list-ports` records what it found instead of a code. */
export type PortsListedOutcome = `${number} serial, ${number} hid`;
export type TechnicianAuditOutcome = TechnicianAuditCode | PortsListedOutcome;

export const TechnicianAuditEntrySchema = closed({
  id: Type.Integer({ minimum: 1 }),
  at: IsoTime,
  /** The terminal's local time, as the screen shows it: 2026-11-26 10:05:03. */
  localTime: Text(32),
  /** Who: the account id, or `unknown` before a sign-in. */
  account: Text(32),
  /** What: sign-in, sign-out, probe, save, … */
  action: Text(32),
  outcome: Text(64),
  /** The device or route it concerned, when there is one. */
  subject: Type.Union([Text(64), Type.Null()]),
});
export type TechnicianAuditEntry = Static<typeof TechnicianAuditEntrySchema>;

export const TechnicianAuditPageSchema = closed({
  entries: Type.Array(TechnicianAuditEntrySchema, { maxItems: 50 }),
  hasNewer: Type.Boolean(),
  hasOlder: Type.Boolean(),
  total: Type.Integer({ minimum: 0 }),
});
export type TechnicianAuditPage = Static<typeof TechnicianAuditPageSchema>;

/** The devices a technician sets up: those with a connection in devices.json. */
export const SETUP_DEVICES = ['idCardReader', 'printer', 'scanner'] as const;
export const SetupDeviceSchema = oneOf(SETUP_DEVICES);
export type SetupDevice = Static<typeof SetupDeviceSchema>;

const BaudRate = Type.Union([
  Type.Literal(9600),
  Type.Literal(19200),
  Type.Literal(38400),
  Type.Literal(57600),
  Type.Literal(115200),
]);

/** A connection the screen can choose: the built-in simulator, or a serial port and speed. */
export const DeviceConnectionSchema = Type.Union([
  closed({ transport: Type.Literal('simulator') }),
  closed({
    transport: Type.Literal('serial'),
    path: Type.String({ pattern: '^/[A-Za-z0-9._/:+@-]{1,250}$' }),
    baudRate: BaudRate,
  }),
]);
export type DeviceConnection = Static<typeof DeviceConnectionSchema>;

export const DeviceSetupRequestSchema = closed({
  device: SetupDeviceSchema,
  connection: DeviceConnectionSchema,
});
export type DeviceSetupRequest = Static<typeof DeviceSetupRequestSchema>;

export const SerialPortEntrySchema = closed({
  /** The path to configure: the by-id link when there is one, as docs/configuration.md advises. */
  path: Text(256),
  /** The kernel's name the by-id link points at, e.g. /dev/ttyUSB0. */
  device: Text(256),
  byId: Type.Union([Text(256), Type.Null()]),
  manufacturer: Type.Union([Text(128), Type.Null()]),
  vendorId: Type.Union([Text(8), Type.Null()]),
  productId: Type.Union([Text(8), Type.Null()]),
});
export type SerialPortEntry = Static<typeof SerialPortEntrySchema>;

export const HidDeviceEntrySchema = closed({
  vendorId: Text(4),
  productId: Text(4),
  manufacturer: Type.Union([Text(128), Type.Null()]),
  product: Type.Union([Text(128), Type.Null()]),
});
export type HidDeviceEntry = Static<typeof HidDeviceEntrySchema>;

export const PortsReplySchema = closed({
  serial: Type.Array(SerialPortEntrySchema, { maxItems: 256 }),
  hid: Type.Array(HidDeviceEntrySchema, { maxItems: 256 }),
  /** Why a list may be short (no udev, no HID library); empty when both were read. */
  notes: Type.Array(Text(200), { maxItems: 4 }),
});
export type PortsReply = Static<typeof PortsReplySchema>;

export const ConfiguredDeviceSchema = closed({
  device: SetupDeviceSchema,
  label: Text(16),
  /** How it is connected now, in words: 模拟器, 串口 /dev/ttyS1，9600, USB HID 0483:5750. */
  connection: Text(300),
  /** The connection as the screen can edit it; null for one it cannot (HID, by-id match). */
  editable: Type.Union([DeviceConnectionSchema, Type.Null()]),
  state: Text(32),
  stateLabel: Text(32),
});
export type ConfiguredDevice = Static<typeof ConfiguredDeviceSchema>;

export const DeviceSetupViewSchema = closed({
  devices: Type.Array(ConfiguredDeviceSchema),
  /** Whether a saved change can be undone (the previous file was kept). */
  canUndo: Type.Boolean(),
  /** A change saved since the agent started that waits for its restart, in words; else null. */
  pendingRestart: Type.Union([Text(300), Type.Null()]),
});
export type DeviceSetupView = Static<typeof DeviceSetupViewSchema>;

/** What a device said when asked, in words for the technician. */
export const ProbeReplySchema = closed({
  answered: Type.Boolean(),
  message: Text(300),
});
export type ProbeReply = Static<typeof ProbeReplySchema>;

export const TestReadReplySchema = closed({
  read: Type.Boolean(),
  /** 张*: the masked name only, never more of the card. */
  maskedName: Type.Union([Text(16), Type.Null()]),
  message: Text(300),
});
export type TestReadReply = Static<typeof TestReadReplySchema>;

export const PrintedReplySchema = closed({ printed: Type.Boolean(), message: Text(300) });
export type PrintedReply = Static<typeof PrintedReplySchema>;

export const DeviceSaveReplySchema = closed({
  message: Text(400),
  /** 'now': the device was reopened on the new connection; 'restart': at the agent's next start. */
  applied: oneOf(['now', 'restart'] as const),
  setup: DeviceSetupViewSchema,
});
export type DeviceSaveReply = Static<typeof DeviceSaveReplySchema>;

export const ReadinessDeviceSchema = closed({
  device: oneOf(DEVICE_IDS),
  label: Text(16),
  /** What the device says it is (the reader's module id), when it says. */
  model: Type.Union([Text(64), Type.Null()]),
  connection: Text(300),
  state: Text(32),
  stateLabel: Text(32),
  /** The last fault or warning since the agent started, and when. */
  lastProblem: Type.Union([closed({ stateLabel: Text(32), at: IsoTime }), Type.Null()]),
});

/** 自检报告: everything a technician checks before leaving, on screen and on paper. */
export const ReadinessReportSchema = closed({
  generatedAt: IsoTime,
  terminal: closed({ id: Text(64), name: Text(64), community: Text(64), region: Text(200) }),
  softwareVersion: Text(64),
  devices: Type.Array(ReadinessDeviceSchema),
  centre: closed({
    url: Text(300),
    reachable: Type.Boolean(),
    message: Text(300),
    lastHeartbeatOkAt: Type.Union([IsoTime, Type.Null()]),
  }),
  /** Centre clock minus terminal clock, from the centre's last reply; null before one. */
  clockOffsetMs: Type.Union([Type.Integer(), Type.Null()]),
  disk: Type.Union([
    closed({ freeBytes: Type.Integer(), totalBytes: Type.Integer() }),
    Type.Null(),
  ]),
  outboxPending: Type.Integer({ minimum: 0 }),
  /** The service hours, one line per window: 周一至周五 08:30-17:30. */
  serviceHours: Type.Array(Text(100)),
});
export type ReadinessReport = Static<typeof ReadinessReportSchema>;

export const ReadinessSentReplySchema = closed({ message: Text(300) });
export type ReadinessSentReply = Static<typeof ReadinessSentReplySchema>;

export const EnrolRequestSchema = closed({
  centreUrl: Type.String({ pattern: '^https?://[^\\s]{1,290}$' }),
  token: Type.String({ pattern: '^[A-Za-z0-9_-]{43}$' }),
});
export type EnrolRequest = Static<typeof EnrolRequestSchema>;

export const EnrolReplySchema = closed({ enrolled: Type.Boolean(), message: Text(400) });
export type EnrolReply = Static<typeof EnrolReplySchema>;

interface TechnicianRouteSpec {
  readonly method: 'GET' | 'POST';
  readonly body?: TSchema;
  readonly query?: TSchema;
  readonly reply?: TSchema;
  /** The least role that may call it; null for the sign-ins, the routes without a session. */
  readonly role: TechnicianRoleName | null;
}

/** Technician mode's routes, by path under AGENT_API_PREFIX. */
export const TECHNICIAN_ROUTES = {
  '/technician/sign-in': {
    method: 'POST',
    body: TechnicianSignInRequestSchema,
    reply: TechnicianSignInReplySchema,
    role: null,
  },
  // By a technician's own ID card: the agent waits on the reader for this request only. The
  // card's number and name never leave the agent: the reply names the account, as a PIN's.
  '/technician/card-sign-in': {
    method: 'POST',
    body: EmptyBodySchema,
    reply: TechnicianSignInReplySchema,
    role: null,
  },
  '/technician/sign-out': { method: 'POST', body: EmptyBodySchema, role: 'technician' },
  '/technician/session': { method: 'GET', reply: TechnicianSessionSchema, role: 'technician' },
  '/technician/ports': { method: 'GET', reply: PortsReplySchema, role: 'technician' },
  '/technician/devices': { method: 'GET', reply: DeviceSetupViewSchema, role: 'technician' },
  '/technician/devices/probe': {
    method: 'POST',
    body: DeviceSetupRequestSchema,
    reply: ProbeReplySchema,
    role: 'technician',
  },
  '/technician/devices/test-read': {
    method: 'POST',
    body: EmptyBodySchema,
    reply: TestReadReplySchema,
    role: 'technician',
  },
  '/technician/devices/test-print': {
    method: 'POST',
    body: EmptyBodySchema,
    reply: PrintedReplySchema,
    role: 'technician',
  },
  '/technician/devices/save': {
    method: 'POST',
    body: DeviceSetupRequestSchema,
    reply: DeviceSaveReplySchema,
    role: 'technician',
  },
  '/technician/devices/undo': {
    method: 'POST',
    body: EmptyBodySchema,
    reply: DeviceSaveReplySchema,
    role: 'technician',
  },
  '/technician/readiness': { method: 'GET', reply: ReadinessReportSchema, role: 'technician' },
  '/technician/readiness/print': {
    method: 'POST',
    body: EmptyBodySchema,
    reply: PrintedReplySchema,
    role: 'technician',
  },
  '/technician/readiness/send': {
    method: 'POST',
    body: EmptyBodySchema,
    reply: ReadinessSentReplySchema,
    role: 'technician',
  },
  '/technician/enrol': {
    method: 'POST',
    body: EnrolRequestSchema,
    reply: EnrolReplySchema,
    role: 'administrator',
  },
  '/technician/audit': {
    method: 'GET',
    query: TechnicianAuditQuerySchema,
    reply: TechnicianAuditPageSchema,
    role: 'administrator',
  },
} as const satisfies Record<string, TechnicianRouteSpec>;

/** The 自检报告 as the centre stores it: states and figures, no port names, no personal data. */
export const ReadinessEventSchema = closed({
  softwareVersion: Text(64),
  devices: Type.Array(
    closed({
      device: oneOf(DEVICE_IDS),
      state: Text(32),
      model: Type.Union([Text(64), Type.Null()]),
    }),
    { maxItems: 16 },
  ),
  centreReachable: Type.Boolean(),
  clockOffsetMs: Type.Union([Type.Integer(), Type.Null()]),
  diskFreeBytes: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
  outboxPending: Type.Integer({ minimum: 0 }),
});
export type ReadinessEvent = Static<typeof ReadinessEventSchema>;
