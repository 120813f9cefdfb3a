import type { Static, TSchema } from 'typebox';
import {
  DevCableReplySchema,
  DevCableRequestSchema,
  DevCardReplySchema,
  DevCorruptionReplySchema,
  DevCorruptionRequestSchema,
  DevCardRequestSchema,
  DevPrinterReplySchema,
  DevPrinterRequestSchema,
  DevScanReplySchema,
  DevScanRequestSchema,
  DevStateSchema,
} from './dev.js';
import {
  DevCallerAnsweringRequestSchema,
  DevCallerKeyRequestSchema,
  DevCounterHardwareSchema,
} from './dev-counter.js';
import { CardWatchRequestSchema, ScannerWatchRequestSchema } from './events.js';
import {
  EmptyBodySchema,
  GuidePrintRequestSchema,
  KioskInfoSchema,
  PrintOutcomeSchema,
  ReprintRequestSchema,
  SessionEndRequestSchema,
  StaffCallReplySchema,
  StaffCallRequestSchema,
  TicketRequestSchema,
  TicketResponseSchema,
} from './kiosk.js';
import { RatingSchema } from './rating.js';
import {
  ReadAloudControlSchema,
  ReadAloudReplySchema,
  ReadAloudRequestSchema,
} from './read-aloud.js';
import { NoticesSchema } from './notices.js';
import { TECHNICIAN_ROUTES } from './technician.js';
import {
  ApplicationPrintRequestSchema,
  ApplicationReceiptSchema,
  ApplicationRequestSchema,
} from './application.js';

/** Where the agent's routes live; the kiosk reaches them through its own base path. */
export const AGENT_API_PREFIX = '/api/v1';

interface RouteSpec {
  readonly method: 'GET' | 'POST';
  readonly body?: TSchema;
  /** Undefined for an empty reply (204). */
  readonly reply?: TSchema;
}

/** The kiosk's routes, by path under AGENT_API_PREFIX. */
export const KIOSK_ROUTES = {
  '/kiosk': { method: 'GET', reply: KioskInfoSchema },
  '/id-card/watch': { method: 'POST', body: CardWatchRequestSchema },
  '/scanner/watch': { method: 'POST', body: ScannerWatchRequestSchema },
  '/tickets': { method: 'POST', body: TicketRequestSchema, reply: TicketResponseSchema },
  '/tickets/reprint': { method: 'POST', body: ReprintRequestSchema, reply: TicketResponseSchema },
  '/session/start': { method: 'POST', body: EmptyBodySchema },
  '/session/end': { method: 'POST', body: SessionEndRequestSchema },
  '/staff-call': { method: 'POST', body: StaffCallRequestSchema, reply: StaffCallReplySchema },
  '/ratings': { method: 'POST', body: RatingSchema },
  /** Answers when the utterance has ended; the next one, or /read-aloud/stop, ends it early. */
  '/read-aloud': { method: 'POST', body: ReadAloudRequestSchema, reply: ReadAloudReplySchema },
  '/read-aloud/pause': { method: 'POST', body: ReadAloudControlSchema },
  '/read-aloud/resume': { method: 'POST', body: ReadAloudControlSchema },
  '/read-aloud/stop': { method: 'POST', body: ReadAloudControlSchema },
  '/applications': {
    method: 'POST',
    body: ApplicationRequestSchema,
    reply: ApplicationReceiptSchema,
  },
  '/applications/print': {
    method: 'POST',
    body: ApplicationPrintRequestSchema,
    reply: PrintOutcomeSchema,
  },
  '/guides/print': { method: 'POST', body: GuidePrintRequestSchema, reply: PrintOutcomeSchema },
} as const satisfies Record<string, RouteSpec>;

/** The development panel's routes, by path under AGENT_API_PREFIX. */
export const DEV_ROUTES = {
  '/dev/state': { method: 'GET', reply: DevStateSchema },
  '/dev/id-card': { method: 'POST', body: DevCardRequestSchema, reply: DevCardReplySchema },
  '/dev/printer': { method: 'POST', body: DevPrinterRequestSchema, reply: DevPrinterReplySchema },
  '/dev/scanner': { method: 'POST', body: DevScanRequestSchema, reply: DevScanReplySchema },
  '/dev/cable': { method: 'POST', body: DevCableRequestSchema, reply: DevCableReplySchema },
  '/dev/corruption': {
    method: 'POST',
    body: DevCorruptionRequestSchema,
    reply: DevCorruptionReplySchema,
  },
  '/dev/counter-hardware': { method: 'GET', reply: DevCounterHardwareSchema },
  '/dev/caller-key': {
    method: 'POST',
    body: DevCallerKeyRequestSchema,
    reply: DevCounterHardwareSchema,
  },
  '/dev/caller-answering': {
    method: 'POST',
    body: DevCallerAnsweringRequestSchema,
    reply: DevCounterHardwareSchema,
  },
  /** Replaces the terminal's notices as the centre's configuration would (docs/warnings.md). */
  '/dev/notices': { method: 'POST', body: NoticesSchema, reply: NoticesSchema },
} as const satisfies Record<string, RouteSpec>;

type StaticOr<S, Else> = S extends TSchema ? Static<S> : Else;

/** Request body and reply type per path: what makes a client typed by the call it makes. */
export type ApiOf<Routes extends Record<string, RouteSpec>> = {
  [P in keyof Routes]: {
    body: StaticOr<Routes[P]['body'], undefined>;
    reply: StaticOr<Routes[P]['reply'], undefined>;
  };
};

export type KioskApi = ApiOf<typeof KIOSK_ROUTES>;
export type DevApi = ApiOf<typeof DEV_ROUTES>;
export type TechnicianApi = ApiOf<typeof TECHNICIAN_ROUTES>;
