/**
 * The agent's HTTP contract as the kiosk sees it: types only, from @bianmin/contract (the
 * agent validates the same schemas), so no validator code lands in the browser bundle.
 */
import type { ApplicationConflictReply, ErrorReply } from '@bianmin/contract';

export type {
  AgentEvent,
  ApplicationForm,
  ApplicationPrintRequest,
  ApplicationReceipt,
  ApplicationErrorCode,
  ApplicationRequest,
  CardHolderSummary,
  CardPresence,
  CardUnreadableReason,
  CatalogueCategory,
  CatalogueService,
  GuidePrintRequest,
  IssuedTicket,
  KioskCatalogue,
  KioskInfo,
  KioskService,
  LocalText,
  PrintOutcome,
  Rating,
  RatingLevel,
  RatingOutcome,
  RatingReason,
  ReprintRequest,
  ServiceGuide,
  TicketRequest,
  TicketResponse,
} from '@bianmin/contract';

/** Why a ticket is a priority one; kiosk memory only: the agent learns just `priority`. */
export type PrioritySource = 'age' | 'disability';

/**
 * A reply, or the agent's error reply (as far as it came) and its status; status 0: no answer
 * in time.
 */
export type Answer<T, Refusal = ErrorReply> =
  { ok: true; value: T } | { ok: false; status: number; refusal: Partial<Refusal> };

/** What `POST /applications` refuses with. */
export type ApplicationRefusalReply = ErrorReply | ApplicationConflictReply;
