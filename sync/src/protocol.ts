/**
 * The wire contract between a terminal's uploader and the central service: TypeScript types
 * and the JSON schemas Fastify validates bodies with. Every object is closed
 * (additionalProperties: false) and every string is bounded, so a resident's personal data
 * cannot ride along in an event or a heartbeat by accident.
 */

export const EVENTS_PATH = '/api/v1/events';
export const HEARTBEAT_PATH = '/api/v1/heartbeat';
export const MAX_EVENTS_PER_BATCH = 500;

/** Timestamps before this mean the terminal clock was never set (no RTC battery, no NTP yet). */
export const TIMESTAMP_FLOOR = '2026-01-01T00:00:00.000Z';

export interface EventPayloads {
  'ticket.issued': {
    serviceId: string;
    serviceName: string;
    ticketNumber: string;
    /**
     * Only whether the ticket was a priority one. Why (age or a declared disability) is
     * sensitive personal information under PIPL and, with the ticket number and time, can
     * be tied to a resident, so it never leaves the terminal.
     */
    priority: boolean;
    durationMs: number;
  };
  'ticket.print-failed': { ticketNumber: string; printerState: string };
  'staff.called': { screen: string };
  'device.status-changed': { device: 'idCardReader' | 'printer'; state: string };
}

export type EventType = keyof EventPayloads;

export const EVENT_TYPES = [
  'ticket.issued',
  'ticket.print-failed',
  'staff.called',
  'device.status-changed',
] as const satisfies readonly EventType[];

/** One outbox event as sent on the wire; a union so `type` narrows `payload`. */
export type TerminalEvent = {
  [T in EventType]: { seq: number; type: T; createdAt: string; payload: EventPayloads[T] };
}[EventType];

export interface EventBatch {
  terminalId: string;
  sentAt: string;
  events: TerminalEvent[];
}

export interface EventBatchReply {
  /** The highest seq such that the centre holds every event 1..ackedUpTo (0 if none). */
  ackedUpTo: number;
}

/** At most this many conflicting seqs are listed in a sequence-conflict reply. */
export const MAX_CONFLICTING_SEQS = 20;

/**
 * HTTP 409: some events reuse a seq the centre already holds with different content (the
 * terminal's outbox sequence restarted). They were not stored and are not acknowledged;
 * ackedUpTo stops before the first of them.
 */
export interface SequenceConflictReply {
  error: 'sequence-conflict';
  message: string;
  ackedUpTo: number;
  /** Ascending; the first MAX_CONFLICTING_SEQS only. */
  conflictingSeqs: number[];
}

export interface RegionUnit {
  name: string;
  code: string;
}

export interface TerminalIdentity {
  name: string;
  community: { name: string; code: string; kind: string };
  region: { street: RegionUnit; county: RegionUnit; city: RegionUnit; province: RegionUnit };
}

/** Device state names, e.g. 'ready', 'no-paper', 'cover-open', 'offline', 'error'. */
export interface DeviceStates {
  idCardReader: string;
  printer: string;
}

export interface HeartbeatBody {
  terminalId: string;
  sentAt: string;
  intervalSeconds: number;
  terminal: TerminalIdentity;
  devices: DeviceStates;
  outboxPending: number;
}

export interface HeartbeatReply {
  serverTime: string;
}

export interface ErrorReply {
  error: string;
  message: string;
}

// ---- JSON schemas -------------------------------------------------------------------------

/** Ids are kebab-case tokens: they name things, they never carry free text. */
const token = { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' } as const;
const label = { type: 'string', minLength: 1, maxLength: 64 } as const;
const code = { type: 'string', pattern: '^[0-9A-Za-z-]{1,32}$' } as const;
const isoTime = { type: 'string', format: 'date-time', maxLength: 40 } as const;
const terminalId = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' } as const;

function closed(properties: Record<string, unknown>) {
  return {
    type: 'object',
    additionalProperties: false,
    required: Object.keys(properties),
    properties,
  } as const;
}

export const PAYLOAD_SCHEMAS = {
  'ticket.issued': closed({
    serviceId: token,
    serviceName: label,
    ticketNumber: { type: 'string', pattern: '^[A-Za-z0-9-]{1,16}$' },
    priority: { type: 'boolean' },
    durationMs: { type: 'integer', minimum: 0, maximum: 86_400_000 },
  }),
  'ticket.print-failed': closed({
    ticketNumber: { type: 'string', pattern: '^[A-Za-z0-9-]{1,16}$' },
    printerState: token,
  }),
  'staff.called': closed({ screen: token }),
  'device.status-changed': closed({
    device: { type: 'string', enum: ['idCardReader', 'printer'] },
    state: token,
  }),
} as const satisfies Record<EventType, object>;

export const terminalEventSchema = {
  ...closed({
    seq: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
    type: { type: 'string', enum: EVENT_TYPES },
    createdAt: isoTime,
    payload: { type: 'object' },
  }),
  // The payload schema depends on the event type; if/then keeps ajv's first error on the
  // payload field itself (a oneOf would report every branch).
  allOf: EVENT_TYPES.map((type) => ({
    if: { properties: { type: { const: type } }, required: ['type'] },
    then: { properties: { payload: PAYLOAD_SCHEMAS[type] } },
  })),
} as const;

export const eventBatchSchema = closed({
  terminalId,
  sentAt: isoTime,
  events: {
    type: 'array',
    minItems: 1,
    maxItems: MAX_EVENTS_PER_BATCH,
    items: terminalEventSchema,
  },
});

const regionUnit = closed({ name: label, code });

export const heartbeatSchema = closed({
  terminalId,
  sentAt: isoTime,
  intervalSeconds: { type: 'number', exclusiveMinimum: 0, maximum: 86_400 },
  terminal: closed({
    name: label,
    community: closed({ name: label, code, kind: token }),
    region: closed({
      street: regionUnit,
      county: regionUnit,
      city: regionUnit,
      province: regionUnit,
    }),
  }),
  devices: closed({ idCardReader: token, printer: token }),
  outboxPending: { type: 'integer', minimum: 0 },
});

export const eventBatchReplySchema = closed({ ackedUpTo: { type: 'integer', minimum: 0 } });
export const sequenceConflictReplySchema = closed({
  error: { type: 'string', const: 'sequence-conflict' },
  message: { type: 'string' },
  ackedUpTo: { type: 'integer', minimum: 0 },
  conflictingSeqs: {
    type: 'array',
    maxItems: MAX_CONFLICTING_SEQS,
    items: { type: 'integer', minimum: 1 },
  },
});
export const heartbeatReplySchema = closed({ serverTime: { type: 'string' } });
