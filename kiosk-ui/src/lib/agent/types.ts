/**
 * The agent's HTTP contract as the kiosk sees it: types only, from @bianmin/contract (the
 * agent validates the same schemas), so no validator code lands in the browser bundle.
 */
export type {
  AgentEvent,
  ApplicationForm,
  ApplicationPrintRequest,
  ApplicationReceipt,
  ApplicationRequest,
  CardHolderSummary,
  CardPresence,
  CardUnreadableReason,
  CatalogueCategory,
  CatalogueService,
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
