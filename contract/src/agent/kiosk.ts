import { Type, type Static } from 'typebox';
import { DurationMs, Token, closed, oneOf } from '../schema.js';
import { ApplicationFormSchema, CardReadId } from './application.js';
import { LocalTextSchema } from './local-text.js';

/** The agent ↔ kiosk messages (the kiosk's side: kiosk-ui/src/lib/agent). */

export const EmptyBodySchema = closed({});
export type EmptyBody = Static<typeof EmptyBodySchema>;

export const KioskServiceSchema = closed({
  id: Type.String(),
  name: Type.String(),
  description: Type.Optional(Type.String()),
  ticketPrefix: Type.String(),
});
export type KioskService = Static<typeof KioskServiceSchema>;

/** A service's 办事指南, written for residents (config/defaults/services.json). */
export const ServiceGuideSchema = closed({
  purpose: LocalTextSchema,
  eligibility: LocalTextSchema,
  materials: Type.Array(LocalTextSchema, { minItems: 1 }),
  steps: Type.Array(LocalTextSchema, { minItems: 1 }),
  timeLimit: LocalTextSchema,
  fees: LocalTextSchema,
  where: LocalTextSchema,
});
export type ServiceGuide = Static<typeof ServiceGuideSchema>;

export const CatalogueCategorySchema = closed({ id: Token, name: LocalTextSchema });
export type CatalogueCategory = Static<typeof CatalogueCategorySchema>;

const SERVICE_KINDS = ['guide', 'application', 'queue'] as const;

export const CatalogueServiceSchema = closed({
  id: Token,
  name: LocalTextSchema,
  /** A category's id. */
  category: Token,
  kind: oneOf(SERVICE_KINDS),
  /** Pinyin initials of the Chinese name (社保卡 → "SBK"), computed by the agent for search. */
  initials: Type.String({ pattern: '^[A-Z0-9]{0,32}$' }),
  description: Type.Optional(LocalTextSchema),
  guide: Type.Optional(ServiceGuideSchema),
  /** The id of the queue (in `services`) whose ticket this service offers; absent: none. */
  ticketServiceId: Type.Optional(Token),
  /** An application taken at the kiosk (申请): its questions, one per screen. */
  application: Type.Optional(ApplicationFormSchema),
});
export type CatalogueService = Static<typeof CatalogueServiceSchema>;

/** What residents browse and search: the enabled services by category, each with its guide. */
export const KioskCatalogueSchema = closed({
  categories: Type.Array(CatalogueCategorySchema),
  services: Type.Array(CatalogueServiceSchema),
});
export type KioskCatalogue = Static<typeof KioskCatalogueSchema>;

export const KioskInfoSchema = closed({
  terminal: closed({
    id: Type.String(),
    name: Type.String(),
    communityName: Type.String(),
    /**
     * The terminal's IANA time zone (config `timeZone`): the kiosk's calendar dates (a date
     * answer's "today", an age for priority) follow it as the agent's do, not the browser's.
     */
    timeZone: Type.String(),
  }),
  /** The queues residents take tickets for. */
  services: Type.Array(KioskServiceSchema),
  catalogue: KioskCatalogueSchema,
  session: closed({
    idleTimeoutSeconds: Type.Number(),
    warningSeconds: Type.Number(),
    ticketShownSeconds: Type.Number(),
  }),
  devMode: Type.Boolean(),
});
export type KioskInfo = Static<typeof KioskInfoSchema>;

/**
 * What the kiosk learns from an ID card: a masked name to greet the resident with and
 * whether the age rule (65 or over, applied by the agent) gives priority. Nothing else from
 * the card, not even the age, leaves the agent.
 */
export const CardHolderSummarySchema = closed({
  // A masked name is at most five characters (card-summary.ts); a full name cannot pass.
  maskedName: Type.String({ minLength: 1, maxLength: 8 }),
  priorityByAge: Type.Boolean(),
  /**
   * While an application wants the card: the handle the agent keeps the card's name and number
   * under, for that application only (docs/flows.md, "Apply"); the page never sees them.
   */
  readId: Type.Optional(CardReadId),
});
export type CardHolderSummary = Static<typeof CardHolderSummarySchema>;

/** One per session, so a retry returns the ticket already issued instead of a second one. */
const RequestId = Type.String({ pattern: '^[A-Za-z0-9-]{8,64}$' });

export const TicketRequestSchema = closed({
  /**
   * A retry with the same id must ask for the same service and priority; one asking for
   * something else is refused (409 request-conflict).
   */
  requestId: RequestId,
  serviceId: Type.String({ minLength: 1, maxLength: 64 }),
  /** Only whether priority applies; the reason stays in the kiosk's session memory. */
  priority: Type.Boolean(),
  durationMs: DurationMs,
});
export type TicketRequest = Static<typeof TicketRequestSchema>;

/** An estimated wait in whole minutes, shown as a range, never as a promise. */
export const WaitEstimateSchema = closed({
  fromMinutes: Type.Integer({ minimum: 0 }),
  toMinutes: Type.Integer({ minimum: 0 }),
});
export type WaitEstimate = Static<typeof WaitEstimateSchema>;

export const IssuedTicketSchema = closed({
  number: Type.String(),
  serviceName: Type.String(),
  priority: Type.Boolean(),
  /** Waiting tickets the counters will call before this one (前面还有 N 人). */
  waitingAhead: Type.Integer({ minimum: 0 }),
  /** Absent until today's service times give a range. */
  estimatedWait: Type.Optional(WaitEstimateSchema),
  issuedAt: Type.String(),
});
export type IssuedTicket = Static<typeof IssuedTicketSchema>;

/**
 * Whether the slip came out. `reason` is the printer state that stopped it ('no-paper',
 * 'cover-open', 'offline', 'error'), 'unconfirmed' for a job the printer never confirmed
 * (taken as not printed), 'unknown-outcome' for a ticket whose print a crash interrupted, or
 * 'awaiting-reprint' for one the printer stopped in: neither of the last two is printed again
 * automatically (see the reprint route).
 */
export const PrintOutcomeSchema = Type.Union([
  closed({ ok: Type.Literal(true) }),
  closed({ ok: Type.Literal(false), reason: Type.String() }),
]);
export type PrintOutcome = Static<typeof PrintOutcomeSchema>;

export const TicketResponseSchema = closed({
  ticket: IssuedTicketSchema,
  print: PrintOutcomeSchema,
});
export type TicketResponse = Static<typeof TicketResponseSchema>;

/**
 * Print a ticket's slip again, for one not known to have printed (the printer stopped in the
 * job, or a crash lost the outcome). Refused (409) when the slip printed or is printing.
 */
export const ReprintRequestSchema = closed({ requestId: RequestId });
export type ReprintRequest = Static<typeof ReprintRequestSchema>;

/**
 * Print a service's guide (办事指南). Only the id: the agent prints the guide from its own
 * catalogue, so no text from the page reaches the paper.
 */
export const GuidePrintRequestSchema = closed({
  serviceId: Type.String({ minLength: 1, maxLength: 64 }),
});
export type GuidePrintRequest = Static<typeof GuidePrintRequestSchema>;

export const SESSION_END_REASONS = ['finished', 'cancelled', 'timeout'] as const;
export const SessionEndRequestSchema = closed({ reason: oneOf(SESSION_END_REASONS) });
export type SessionEndRequest = Static<typeof SessionEndRequestSchema>;

export const StaffCallRequestSchema = closed({
  /**
   * Goes out as the staff.called event's screen, a Token: a name the centre would refuse (one
   * starting with "-") would be resent for ever and hold back every event after it.
   */
  screen: Type.String({ pattern: '^[a-z][a-z-]{0,39}$' }),
});
export type StaffCallRequest = Static<typeof StaffCallRequestSchema>;

export const StaffCallReplySchema = closed({
  accepted: Type.Boolean(),
  /** The call the consoles show: `staff-call-answered` names it when a counter takes it. */
  callId: Type.Optional(Type.Integer({ minimum: 1 })),
});
export type StaffCallReply = Static<typeof StaffCallReplySchema>;
