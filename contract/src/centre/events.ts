import { Type, type Static } from 'typebox';
import { DeviceStatusSchema } from '../devices.js';
import { ServiceTimeSchema } from './service-time.js';
import { RatingSchema } from '../agent/rating.js';
import { ReadinessEventSchema } from '../agent/technician.js';
import { ApplicationSubmittedSchema } from '../agent/application.js';
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

/** A counter (窗口) by the number residents see (services.json's counters). */
const CounterNumber = Type.Integer({ minimum: 1, maximum: 99 });

export const EVENTS_PATH = '/api/v1/events';
export const MAX_EVENTS_PER_BATCH = 500;
/** The centre refuses a request body over this many bytes (413, payload-too-large). */
export const CENTRE_BODY_LIMIT_BYTES = 1024 * 1024;
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
  // The queue at the counters (docs/architecture.md, "The queue"): ticket, service, counter
  // and times only, so the centre learns waiting and service times per community. The
  // event's createdAt is when it happened.
  /** A ticket called to a counter; `issuedAt` with createdAt gives how long it waited. */
  'queue.called': closed({
    ticketNumber: TicketNumber,
    serviceId: Token,
    counter: CounterNumber,
    call: oneOf(['first', 'recall', 'call-back'] as const),
    issuedAt: IsoTime,
  }),
  'queue.serving': closed({ ticketNumber: TicketNumber, serviceId: Token, counter: CounterNumber }),
  /** Served: `serviceMs` from the start of serving (or the call, if never marked) to done. */
  'queue.done': closed({
    ticketNumber: TicketNumber,
    serviceId: Token,
    counter: CounterNumber,
    serviceMs: DurationMs,
  }),
  /** 过号: the resident did not come after `recalls` recalls. */
  'queue.no-show': closed({
    ticketNumber: TicketNumber,
    serviceId: Token,
    counter: CounterNumber,
    recalls: Type.Integer({ minimum: 0, maximum: 100 }),
  }),
  /** The resident stepped away; the ticket waits to be called back. */
  'queue.held': closed({ ticketNumber: TicketNumber, serviceId: Token, counter: CounterNumber }),
  /** Waiting again in another service's queue, in its place by the original issue time. */
  'queue.transferred': closed({
    ticketNumber: TicketNumber,
    fromServiceId: Token,
    toServiceId: Token,
    counter: CounterNumber,
  }),
  'queue.counter-paused': closed({ counter: CounterNumber, paused: Type.Boolean() }),
  /** A ticket of a past day still open at the day's end, closed in the state it was left in. */
  'queue.closed': closed({
    ticketNumber: TicketNumber,
    serviceId: Token,
    state: oneOf(['waiting', 'called', 'serving', 'held'] as const),
  }),
  /** 好差评: the kiosk's rating as it was posted (contract/src/agent/rating.ts). */
  'rating.submitted': RatingSchema,
  /** 自检报告 a technician sent (contract/src/agent/technician.ts): states and figures only. */
  'terminal.readiness-report': ReadinessEventSchema,
  /** 申请: which service, the reference and when; the answers stay with the back office. */
  'application.submitted': ApplicationSubmittedSchema,
};

export type EventType = keyof typeof PAYLOAD_SCHEMAS;
export type EventPayloads = { [T in EventType]: Static<(typeof PAYLOAD_SCHEMAS)[T]> };

export const EVENT_TYPES = Object.keys(PAYLOAD_SCHEMAS) as EventType[];

const Seq = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });

/** One outbox event as sent on the wire; a union so `type` narrows `payload`. */
export type TerminalEvent = {
  [T in EventType]: { seq: number; type: T; createdAt: string; payload: EventPayloads[T] };
}[EventType];

export const TerminalEventSchema = Type.Unsafe<TerminalEvent>({
  ...closed({
    seq: Seq,
    type: oneOf(EVENT_TYPES),
    createdAt: IsoTime,
    payload: Type.Unsafe<object>({ type: 'object' }),
  }),
  // The payload schema depends on the event type. With `discriminator` (AJV_OPTIONS) ajv
  // checks the one branch the type names, and its first error is on the payload field
  // itself; an allOf of if/then per type cost the centre ~2 µs an event, most of a batch's
  // validation (docs/benchmarks.md, "Fifth round"). Other validators read a plain oneOf,
  // whose branches exclude each other by the type's const.
  discriminator: { propertyName: 'type' },
  oneOf: EVENT_TYPES.map((type) => ({
    properties: { type: { const: type }, payload: PAYLOAD_SCHEMAS[type] },
  })),
});

/**
 * One life of a terminal's outbox: a random id made when its database file is created. A
 * terminal whose file was lost or replaced starts a new epoch and counts seq from 1 again, so
 * the centre keys events by (terminal, epoch, seq).
 */
export const OutboxEpochSchema = Type.String({ pattern: '^[A-Za-z0-9-]{1,64}$' });

/**
 * The epoch of events from terminals that predate epochs (they send none) and of events the
 * centre stored before it kept epochs. A terminal upgraded with events in its outbox keeps
 * this epoch, so its seqs carry on where the centre's left off.
 */
export const LEGACY_EPOCH = 'legacy';

export const EventBatchSchema = closed({
  terminalId: TerminalId,
  /** Absent from terminals older than epochs: LEGACY_EPOCH. */
  epoch: Type.Optional(OutboxEpochSchema),
  /**
   * The lowest seq of this epoch the terminal still holds: it prunes acknowledged events after
   * a retention period, so a centre restored from an older backup can never get the ones below
   * this and stops waiting for them.
   */
  heldFrom: Type.Optional(Seq),
  sentAt: IsoTime,
  events: Type.Array(TerminalEventSchema, { minItems: 1, maxItems: MAX_EVENTS_PER_BATCH }),
});
export type EventBatch = Static<typeof EventBatchSchema>;

/**
 * Where the centre stands on one epoch of a terminal's outbox: it holds every event
 * 1..ackedUpTo (0 if none), except those below a batch's heldFrom that the terminal no longer
 * had. It can go backwards (a centre restored from a backup): the terminal then resends from
 * there.
 */
export const DeliveryPositionSchema = closed({
  epoch: OutboxEpochSchema,
  ackedUpTo: Type.Integer({ minimum: 0 }),
});
export type DeliveryPosition = Static<typeof DeliveryPositionSchema>;

/** The centre's position on the batch's epoch, after storing it: a DeliveryPosition. */
export const EventBatchReplySchema = closed({ ...DeliveryPositionSchema.properties });
export type EventBatchReply = DeliveryPosition;

/**
 * HTTP 409: some events reuse a seq the centre already holds in the same epoch with different
 * content (the terminal's outbox sequence restarted without a new epoch). They were not stored and are not acknowledged;
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
