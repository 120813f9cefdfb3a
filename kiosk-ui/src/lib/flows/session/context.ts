import type { KioskCatalogue, KioskService, PrintOutcome } from '../../agent/types.js';
import type { RateOffer } from '../rate/context.js';
import { HEADER_DEFAULTS, type HeaderContext, type HeaderEvent } from '../header.js';
import {
  DEFAULT_IDLE_TIMING,
  IDLE_SESSION_DEFAULTS,
  type IdleContext,
  type IdleEvent,
  type IdleTiming,
} from '../idle.js';

/** The session flow's context and events: what the machine (./machine.ts) runs on. */

export type Mode = 'standard' | 'elder';

/** The take-ticket flow's timing too, which the session hands on when it starts it. */
export interface SessionTiming extends IdleTiming {
  ticketShownMs: number;
}

export const DEFAULT_TIMING: SessionTiming = { ...DEFAULT_IDLE_TIMING, ticketShownMs: 20_000 };

/** Elder mode: text one step below the largest (特大) and twice the time on every step. */
export const ELDER_TEXT_SCALE = 2;
export { ELDER_PACE } from '@bianmin/contract/elder-pace';

/** Which list the resident came to a guide from, so 返回 goes back to it. */
type ListSource = 'category' | 'search';

/** The page of each paged screen, kept while the resident looks at a guide and comes back. */
export interface Pages {
  categories: number;
  list: number;
  guide: number;
}

/**
 * What the resident chose lives here and is wiped on every way home, with the settings. The
 * session holds nothing personal: the card is read only in the take-ticket flow.
 */
export interface SessionContext extends HeaderContext, IdleContext {
  catalogue: KioskCatalogue;
  /** The queues, handed to the take-ticket flow. */
  queues: KioskService[];
  /** What the terminal's configuration says; elder mode slows `timing` from it. */
  baseTiming: SessionTiming;
  timing: SessionTiming;
  /** The glass's visible height in millimetres: with the text size, how much fits a page. */
  screenHeightMm: number;
  /** The glass stands portrait: the read-aloud controls then take its height (paging.ts). */
  portrait: boolean;
  /** The terminal's time zone, for the flows' calendar dates (lib/terminal-date.ts). */
  timeZone: string;
  /** The community the terminal serves: a guide taken away says where it came from. */
  communityName: string;
  mode: Mode;
  categoryId: string | null;
  /** Letters typed on the search keypad, upper case. */
  query: string;
  listSource: ListSource;
  serviceId: string | null;
  pages: Pages;
  /** The queue the take-ticket flow starts on; null: the resident chooses there. */
  ticketServiceId: string | null;
  /** True once the take-ticket flow has left its home screen: its return there ends it. */
  ticketUnderway: boolean;
  /**
   * What the rate flow asks about if the resident leaves now (docs/architecture.md,
   * "Ratings"); null while no service has been started, or when the resident has gone.
   */
  rateOffer: RateOffer | null;
  /** From the agent's event stream, not the session: kept across residents. */
  serviceAvailable: boolean;
  /** As serviceAvailable, for the ID-card reader: the card step says so from its first word. */
  readerAvailable: boolean;
  /** As serviceAvailable, for the receipt printer: a guide's take-away offers no print without. */
  printerAvailable: boolean;
  /** How the last print of the guide on the glass went; null before one is asked for. */
  guidePrint: PrintOutcome | null;
  /** Prints asked for this visit, by service, against paper waste (GUIDE_PRINTS_PER_GUIDE). */
  guidePrints: Readonly<Record<string, number>>;
}

export type SessionEvent =
  /** Home: browse the catalogue. */
  | { type: 'START' }
  /** Home: straight to the queues; the guide: its service's queue. */
  | { type: 'TAKE_TICKET' }
  /** The guide of an application service: apply at the kiosk (lib/flows/apply/). */
  | { type: 'APPLY' }
  /** The guide: take it away, by its QR code or printed (带走指南). */
  | { type: 'TAKE_AWAY' }
  | { type: 'PRINT_GUIDE' }
  | { type: 'CHOOSE_MODE'; mode: Mode }
  | { type: 'CHOOSE_CATEGORY'; categoryId: string }
  | { type: 'OPEN_SEARCH' }
  | { type: 'TYPE_LETTER'; letter: string }
  | { type: 'DELETE_LETTER' }
  | { type: 'SHOW_RESULTS' }
  | { type: 'CHOOSE_SERVICE'; serviceId: string }
  | { type: 'NEXT_PAGE' }
  | { type: 'PREVIOUS_PAGE' }
  | { type: 'BACK' }
  /** Pushed by the agent (./agent-events.ts): whether a ticket can be recorded. */
  | { type: 'SERVICE_AVAILABILITY'; available: boolean }
  /** Pushed by the agent (./agent-events.ts): whether a card can be read. */
  | { type: 'READER_AVAILABILITY'; available: boolean }
  /** Pushed by the agent (./agent-events.ts): whether a guide can be printed. */
  | { type: 'PRINTER_AVAILABILITY'; available: boolean }
  /** The devices' state on (re)connecting to the agent's stream. */
  | {
      type: 'AGENT_RESYNC';
      serviceAvailable: boolean;
      readerAvailable: boolean;
      printerAvailable: boolean;
    }
  /** Pushed by the agent: the counter that served a resident asks them to rate it (好差评). */
  | { type: 'RATING_REQUESTED'; serviceId: string }
  | HeaderEvent
  | IdleEvent
  /**
   * Raised by the machine itself once a flow it hands over to is running: to start the
   * take-ticket flow, and to carry the resident's call for staff into each.
   */
  | { type: 'HAND_OVER' };

export interface SessionInput {
  catalogue: KioskCatalogue;
  queues: KioskService[];
  screenHeightMm: number;
  portrait: boolean;
  timeZone: string;
  communityName: string;
  timing?: Partial<SessionTiming>;
}

export const emptySession = {
  mode: 'standard',
  categoryId: null,
  query: '',
  listSource: 'category',
  serviceId: null,
  pages: { categories: 0, list: 0, guide: 0 },
  ticketServiceId: null,
  ticketUnderway: false,
  rateOffer: null,
  guidePrint: null,
  guidePrints: {},
  ...IDLE_SESSION_DEFAULTS,
  ...HEADER_DEFAULTS,
} as const satisfies Partial<SessionContext>;

/** A guide prints at most this often a visit: a second copy, not a roll of paper. */
export const GUIDE_PRINTS_PER_GUIDE = 2;

/** Prints of the guide on the glass asked for this visit. */
export const printsOfGuide = (context: Pick<SessionContext, 'serviceId' | 'guidePrints'>) =>
  (context.serviceId === null ? undefined : context.guidePrints[context.serviceId]) ?? 0;

/** The most letters the search keypad takes: longer than any service's initials. */
export const MAX_QUERY_LETTERS = 12;
