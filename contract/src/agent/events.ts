import { Type, type Static } from 'typebox';
import { DeviceStatusSchema, type Severity } from '../devices.js';
import { closed, oneOf } from '../schema.js';
import { CardHolderSummarySchema } from './kiosk.js';
import {
  QueueCallSchema,
  RatingRequestSchema,
  StaffCallAnswerSchema,
  StaffCallSchema,
  WaitingCountSchema,
} from './counter.js';
import { SCANNED_CODE_MAX_CHARS } from './scanned-text.js';
import { NoticesSchema } from './notices.js';

/**
 * What the agent pushes to the kiosk over server-sent events (docs/architecture.md, "Who
 * talks to whom"): one JSON object per `data:` line, told apart by `type`.
 */

/** The stream's path under AGENT_API_PREFIX. */
export const AGENT_EVENTS_PATH = '/events';

/** Something the resident can do about a card the reader found but could not read. */
export const CARD_UNREADABLE_REASONS = [
  'place-flat',
  'try-again',
  'use-other-card',
  'call-staff',
] as const;
export const CardUnreadableReasonSchema = oneOf(CARD_UNREADABLE_REASONS);
export type CardUnreadableReason = Static<typeof CardUnreadableReasonSchema>;

/**
 * What the reader sees: 'not-watching' while no kiosk session wants a card (the reader is
 * left idle, so nothing is known), 'present' for a card read or found unreadable and not yet
 * taken away.
 */
export const CardPresenceSchema = oneOf(['not-watching', 'none', 'present'] as const);
export type CardPresence = Static<typeof CardPresenceSchema>;

/**
 * The barcode symbologies the agent names (docs/devices.md, "Supported scanners"), from the
 * AIM identifier a scanner prefixes; 'unknown' when it sends none or one not listed.
 */
export const SCANNER_SYMBOLOGIES = [
  'qr',
  'data-matrix',
  'pdf417',
  'aztec',
  'code-128',
  'gs1-128',
  'ean-13',
  'ean-8',
  'code-39',
  'itf',
  'unknown',
] as const;
export const ScannerSymbologySchema = oneOf(SCANNER_SYMBOLOGIES);
export type ScannerSymbology = Static<typeof ScannerSymbologySchema>;

/** Why a scan was not delivered: the kiosk can only ask the resident to scan again. */
export const CODE_REJECTED_REASONS = [
  'empty',
  'too-long',
  'control-character',
  'not-utf8',
  'line-too-long',
] as const;
export const CodeRejectedReasonSchema = oneOf(CODE_REJECTED_REASONS);
export type CodeRejectedReason = Static<typeof CodeRejectedReasonSchema>;

const SeveritySchema = oneOf(['ok', 'warning', 'fault'] as const satisfies readonly Severity[]);

/** A device's state with its severity from the registry, so the kiosk needs no registry. */
export const DeviceReportSchema = closed({ status: DeviceStatusSchema, severity: SeveritySchema });
export type DeviceReport = Static<typeof DeviceReportSchema>;

export const AgentEventSchema = Type.Union([
  /** First on every connection, so a kiosk that reconnects restores what it missed. */
  closed({
    type: Type.Literal('resync'),
    devices: Type.Array(DeviceReportSchema),
    card: CardPresenceSchema,
    /** The warnings and announcements active now, so a page that reconnects shows them. */
    notices: NoticesSchema,
  }),
  closed({ type: Type.Literal('device-state'), device: DeviceReportSchema }),
  closed({ type: Type.Literal('card-placed') }),
  /** Only the summary the kiosk may know (CardHolderSummary); the agent keeps no copy. */
  closed({ type: Type.Literal('card-read'), holder: CardHolderSummarySchema }),
  closed({ type: Type.Literal('card-unreadable'), reason: CardUnreadableReasonSchema }),
  closed({ type: Type.Literal('card-removed') }),
  /** Only while a kiosk session wants a code (POST /scanner/watch); the text is never logged. */
  closed({
    type: Type.Literal('code-scanned'),
    symbology: ScannerSymbologySchema,
    text: Type.String({ minLength: 1, maxLength: SCANNED_CODE_MAX_CHARS }),
  }),
  /** A scan that failed the agent's checks: the reason only, never its bytes. */
  closed({ type: Type.Literal('code-rejected'), reason: CodeRejectedReasonSchema }),
  /** A counter called a ticket: for a hall display (叫号屏); the kiosk ignores it. */
  closed({ type: Type.Literal('queue-called'), call: QueueCallSchema }),
  /** The waiting counts after a ticket was issued or a counter changed the queue. */
  closed({ type: Type.Literal('queue-changed'), waiting: Type.Array(WaitingCountSchema) }),
  /** A counter asks for a rating of the service it gave (a rating pad or the kiosk). */
  closed({ type: Type.Literal('rating-requested'), request: RatingRequestSchema }),
  /** A resident pressed 呼叫工作人员: the counters' consoles show it and chime. */
  closed({ type: Type.Literal('staff-called'), call: StaffCallSchema }),
  /** A counter answered a staff call (我去处理): the consoles drop it. */
  closed({ type: Type.Literal('staff-call-answered'), answer: StaffCallAnswerSchema }),
  /** The active warnings and announcements changed (published, started or expired). */
  closed({ type: Type.Literal('notices'), notices: NoticesSchema }),
]);
export type AgentEvent = Static<typeof AgentEventSchema>;
export type AgentEventType = AgentEvent['type'];

/** The kiosk says whether its session wants a card read (on the identify step). */
export const CardWatchRequestSchema = closed({
  on: Type.Boolean(),
  /** An application's identify step: the agent keeps the card read for it (docs/flows.md). */
  forApplication: Type.Optional(Type.Boolean()),
});
export type CardWatchRequest = Static<typeof CardWatchRequestSchema>;

/** The kiosk says whether its session wants a scanned code (on a step that takes one). */
export const ScannerWatchRequestSchema = closed({ on: Type.Boolean() });
export type ScannerWatchRequest = Static<typeof ScannerWatchRequestSchema>;
