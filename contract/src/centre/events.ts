import { Type, type Static } from 'typebox';
import { DeviceStatusSchema } from '../devices.js';
import { ServiceTimeSchema } from './service-time.js';
import {
  DurationMs,
  IsoTime,
  Label,
  TerminalId,
  TicketNumber,
  Token,
  closed,
  oneOf,
} from '../schema.js';

export const EVENTS_PATH = '/api/v1/events';
export const MAX_EVENTS_PER_BATCH = 500;
/** At most this many conflicting seqs are listed in a sequence-conflict reply. */
export const MAX_CONFLICTING_SEQS = 20;

/** Timestamps before this mean the terminal clock was never set (no RTC battery, no NTP yet). */
export const TIMESTAMP_FLOOR = '2026-01-01T00:00:00.000Z';

export const PAYLOAD_SCHEMAS = {
  'ticket.issued': closed({
    serviceId: Token,
    serviceName: Label,
    ticketNumber: TicketNumber,
    /**
     * Only whether the ticket was a priority one. Why (age or a declared disability) is
     * sensitive personal information under PIPL and, with the ticket number and time, can
     * be tied to a resident, so it never leaves the terminal.
     */
    priority: Type.Boolean(),
    durationMs: DurationMs,
  }),
  'ticket.print-failed': closed({ ticketNumber: TicketNumber, printerState: Token }),
  'staff.called': closed({ screen: Token }),
  'device.status-changed': DeviceStatusSchema,
  'service-time.recorded': ServiceTimeSchema,
};

export type EventType = keyof typeof PAYLOAD_SCHEMAS;
export type EventPayloads = { [T in EventType]: Static<(typeof PAYLOAD_SCHEMAS)[T]> };

export const EVENT_TYPES = Object.keys(PAYLOAD_SCHEMAS) as EventType[];

/** One outbox event as sent on the wire; a union so `type` narrows `payload`. */
export type TerminalEvent = {
  [T in EventType]: { seq: number; type: T; createdAt: string; payload: EventPayloads[T] };
}[EventType];

export const TerminalEventSchema = Type.Unsafe<TerminalEvent>({
  ...closed({
    seq: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    type: oneOf(EVENT_TYPES),
    createdAt: IsoTime,
    payload: Type.Unsafe<object>({ type: 'object' }),
  }),
  // The payload schema depends on the event type; if/then keeps ajv's first error on the
  // payload field itself (a oneOf would report every branch).
  allOf: EVENT_TYPES.map((type) => ({
    if: { properties: { type: { const: type } }, required: ['type'] },
    then: { properties: { payload: PAYLOAD_SCHEMAS[type] } },
  })),
});

export const EventBatchSchema = closed({
  terminalId: TerminalId,
  sentAt: IsoTime,
  events: Type.Array(TerminalEventSchema, { minItems: 1, maxItems: MAX_EVENTS_PER_BATCH }),
});
export type EventBatch = Static<typeof EventBatchSchema>;

export const EventBatchReplySchema = closed({
  /** The highest seq such that the centre holds every event 1..ackedUpTo (0 if none). */
  ackedUpTo: Type.Integer({ minimum: 0 }),
});
export type EventBatchReply = Static<typeof EventBatchReplySchema>;

/**
 * HTTP 409: some events reuse a seq the centre already holds with different content (the
 * terminal's outbox sequence restarted). They were not stored and are not acknowledged;
 * ackedUpTo stops before the first of them. The error reply's shape plus two fields.
 */
export const SequenceConflictReplySchema = closed({
  error: Type.Literal('sequence-conflict'),
  message: Type.String(),
  ackedUpTo: Type.Integer({ minimum: 0 }),
  /** Ascending; the first MAX_CONFLICTING_SEQS only. */
  conflictingSeqs: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: MAX_CONFLICTING_SEQS }),
});
export type SequenceConflictReply = Static<typeof SequenceConflictReplySchema>;
