import { Type, type Static } from 'typebox';
import { DeviceStatusSchema, type Severity } from '../devices.js';
import { closed, oneOf } from '../schema.js';
import { CardHolderSummarySchema } from './kiosk.js';

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
  }),
  closed({ type: Type.Literal('device-state'), device: DeviceReportSchema }),
  closed({ type: Type.Literal('card-placed') }),
  /** Only the summary the kiosk may know (CardHolderSummary); the agent keeps no copy. */
  closed({ type: Type.Literal('card-read'), holder: CardHolderSummarySchema }),
  closed({ type: Type.Literal('card-unreadable'), reason: CardUnreadableReasonSchema }),
  closed({ type: Type.Literal('card-removed') }),
]);
export type AgentEvent = Static<typeof AgentEventSchema>;
export type AgentEventType = AgentEvent['type'];

/** The kiosk says whether its session wants a card read (on the identify step). */
export const CardWatchRequestSchema = closed({ on: Type.Boolean() });
export type CardWatchRequest = Static<typeof CardWatchRequestSchema>;
