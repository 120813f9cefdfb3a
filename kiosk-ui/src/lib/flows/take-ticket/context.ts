import type {
  CardHolderSummary,
  CardPresence,
  CardUnreadableReason,
  KioskService,
  PrintOutcome,
  IssuedTicket,
  PrioritySource,
} from '../../agent/types.js';
import { HEADER_DEFAULTS, type HeaderContext, type HeaderEvent } from '../header.js';
import {
  DEFAULT_IDLE_TIMING,
  IDLE_SESSION_DEFAULTS,
  type IdleContext,
  type IdleEvent,
  type IdleTiming,
} from '../idle.js';
import type { CardHint } from '../identify/card-hint.js';
import type { IdEntryEvent, IdNumberProblem } from '../identify/id-entry.js';

export type { EndReason } from '../idle.js';

/** The take-ticket flow's context and events: what the machine (./machine.ts) runs on. */
export interface FlowTiming extends IdleTiming {
  ticketShownMs: number;
}

export const DEFAULT_TIMING: FlowTiming = { ...DEFAULT_IDLE_TIMING, ticketShownMs: 20_000 };

export type { CardHint };

/**
 * Everything personal lives here and only here, and `wipe` empties it on every way out of a
 * session (finish, cancel, timeout), so the kiosk never carries one resident's data into the next.
 * The resident's settings and the staff-call notice go back to their defaults with it.
 */
export interface TakeTicketContext extends HeaderContext, IdleContext {
  services: KioskService[];
  /** The terminal's time zone: a typed ID number's age is reckoned on its date. */
  timeZone: string;
  timing: FlowTiming;
  requestId: string | null;
  serviceId: string | null;
  holder: CardHolderSummary | null;
  priority: PrioritySource | null;
  cardHint: CardHint;
  /** From the agent's event stream, not the session: kept across residents. */
  readerAvailable: boolean;
  /** False while the terminal cannot record a ticket (its storage is faulted). */
  serviceAvailable: boolean;
  /** False while the agent reports the printer faulted (out of paper, cover open, ...). */
  printerAvailable: boolean;
  /**
   * The resident was told the printer is not working and chose to take a ticket anyway: they
   * are not told again this session.
   */
  printerNoticeSeen: boolean;
  /**
   * The printer was reported working when the ticket was asked for. Taken then, not when the
   * answer comes: the agent may report the fault a failed slip caused before it answers.
   */
  printerWasReady: boolean;
  ticket: IssuedTicket | null;
  print: PrintOutcome | null;
  /** A reprint the resident asked for did not print either. */
  reprintFailed: boolean;
  /**
   * The ID number being typed on the keypad instead of placing the card: emptied as soon as it
   * is checked (only whether the age rule gives priority is kept), and never sent.
   */
  idNumber: string;
  idNumberProblem: IdNumberProblem | null;
}

export type TakeTicketEvent =
  | { type: 'START' }
  | { type: 'CHOOSE_SERVICE'; serviceId: string }
  | { type: 'SKIP_CARD' }
  /** 继续取号 on the printer's out-of-order notice: a ticket without a slip. */
  | { type: 'ACCEPT_NO_SLIP' }
  | { type: 'ANSWER_PRIORITY'; needsPriority: boolean }
  /** The card step: type the ID number instead (../identify/id-entry.ts). */
  | { type: 'ENTER_ID_NUMBER' }
  | IdEntryEvent
  | { type: 'BACK' }
  | { type: 'DONE' }
  | { type: 'RETRY' }
  | { type: 'REPRINT' }
  | HeaderEvent
  | IdleEvent
  /** Pushed by the agent (lib/agent/event-stream.ts, mapped in ./agent-events.ts). */
  | { type: 'CARD_READ'; holder: CardHolderSummary }
  | { type: 'CARD_UNREADABLE'; reason: CardUnreadableReason }
  | { type: 'CARD_REMOVED' }
  | { type: 'READER_AVAILABILITY'; available: boolean }
  /** The state on (re)connecting to the agent's stream. */
  | {
      type: 'AGENT_RESYNC';
      readerAvailable: boolean;
      serviceAvailable: boolean;
      printerAvailable: boolean;
      card: CardPresence;
    }
  | { type: 'SERVICE_AVAILABILITY'; available: boolean }
  | { type: 'PRINTER_AVAILABILITY'; available: boolean };

export interface TakeTicketInput {
  services: KioskService[];
  timeZone: string;
  timing?: Partial<FlowTiming>;
}

export const emptySession = {
  requestId: null,
  serviceId: null,
  holder: null,
  priority: null,
  cardHint: 'none',
  ticket: null,
  print: null,
  reprintFailed: false,
  printerNoticeSeen: false,
  printerWasReady: true,
  idNumber: '',
  idNumberProblem: null,
  ...IDLE_SESSION_DEFAULTS,
  ...HEADER_DEFAULTS,
} as const satisfies Partial<TakeTicketContext>;
