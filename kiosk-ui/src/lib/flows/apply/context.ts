import type {
  ApplicationForm,
  ApplicationReceipt,
  CardHolderSummary,
  CardPresence,
  CardUnreadableReason,
  LocalText,
  PrintOutcome,
} from '../../agent/types.js';
import {
  HEADER_DEFAULTS,
  type HeaderContext,
  type HeaderEvent,
  type HeaderSettings,
} from '../header.js';
import {
  DEFAULT_IDLE_TIMING,
  IDLE_SESSION_DEFAULTS,
  type IdleContext,
  type IdleEvent,
  type IdleTiming,
} from '../idle.js';
import type { IdEntryEvent, IdNumberProblem } from '../identify/id-entry.js';
import type { CardHint } from '../identify/card-hint.js';
import type { ShownProblem } from './answer-problems.js';

/** The apply flow's context and events: what the machine (./machine.ts) runs on. */

/** An application service, in the kiosk's language. */
export interface ApplyService {
  id: string;
  /** Shown in the resident's language where the catalogue has it (lib/i18n/local-text.ts). */
  name: LocalText;
  application: ApplicationForm;
}

/**
 * Who applies. A card stays with the agent: the page holds only its handle and the masked
 * name; a typed number stays here until the application is submitted.
 */
type ApplyIdentity =
  | { source: 'card'; readId: string; maskedName: string }
  | { source: 'id-number'; idNumber: string };

/**
 * Everything the resident answered lives here and only here: never logged, never stored in
 * the browser, and emptied when the flow ends (docs/flows.md, "Apply").
 */
export interface ApplyContext extends HeaderContext, IdleContext {
  service: ApplyService;
  timing: IdleTiming;
  /** The glass's visible height: with the text size, how many options fit a page. */
  screenHeightMm: number;
  /** The glass stands portrait: the read-aloud controls then take its height (paging.ts). */
  portrait: boolean;
  /** The terminal's time zone: a date answer's "today", as the agent reckons it. */
  timeZone: string;
  /** One per application: a retried submission is answered with the one committed. */
  requestId: string;
  identity: ApplyIdentity | null;
  cardHint: CardHint;
  /** From the agent's event stream: kept for the flow's whole life. */
  readerAvailable: boolean;
  /** From the agent's event stream too: false while the printer is faulted. */
  printerAvailable: boolean;
  /** The ID number being typed on the keypad, until it is checked. */
  idNumber: string;
  idNumberProblem: IdNumberProblem | null;
  /** Index into the questions asked (./views.ts, askedOf). */
  questionIndex: number;
  /** Answers given, by question id, as the agent takes them. */
  answers: Record<string, string>;
  /** What is on the question's screen now: an option, typed text or keypad digits. */
  draft: string;
  problem: ShownProblem | null;
  /** The page of a long option list, and of the check-your-answers list. */
  optionPage: number;
  checkPage: number;
  /** The confirmation's page, an index into RECEIPT_PAGES (./views.ts). */
  receiptPage: number;
  /** A question opened from check-your-answers goes back there once answered. */
  returnToCheck: boolean;
  receipt: ApplicationReceipt | null;
  print: PrintOutcome | null;
  /** The resident went back out of the flow from its first screen: to the guide. */
  wentBack: boolean;
}

export type ApplyEvent =
  | { type: 'ENTER_ID_NUMBER' }
  | IdEntryEvent
  | { type: 'CHOOSE_OPTION'; value: string }
  | { type: 'TYPE_TEXT'; text: string }
  | { type: 'DIGIT'; digit: string }
  | { type: 'DELETE_DIGIT' }
  | { type: 'CLEAR_ANSWER' }
  | { type: 'NEXT' }
  | { type: 'BACK' }
  | { type: 'NEXT_PAGE' }
  | { type: 'PREVIOUS_PAGE' }
  | { type: 'CHANGE'; questionId: string }
  | { type: 'SUBMIT' }
  | { type: 'RETRY' }
  | { type: 'PRINT' }
  | { type: 'DONE' }
  | HeaderEvent
  | IdleEvent
  /** Pushed by the agent (lib/agent/event-stream.ts, mapped in ./agent-events.ts). */
  | { type: 'CARD_READ'; holder: CardHolderSummary }
  | { type: 'CARD_UNREADABLE'; reason: CardUnreadableReason }
  | { type: 'CARD_REMOVED' }
  | { type: 'READER_AVAILABILITY'; available: boolean }
  | { type: 'PRINTER_AVAILABILITY'; available: boolean }
  | {
      type: 'AGENT_RESYNC';
      readerAvailable: boolean;
      printerAvailable: boolean;
      card: CardPresence;
    };

/** The resident's settings come with them, as the session had them. */
export interface ApplyInput extends HeaderSettings {
  service: ApplyService;
  screenHeightMm: number;
  portrait: boolean;
  timeZone: string;
  timing?: Partial<IdleTiming>;
  readerAvailable: boolean;
}

export const DEFAULT_TIMING: IdleTiming = DEFAULT_IDLE_TIMING;

/** What the flow forgets when it ends: every answer and the identity with it. */
export const EMPTY_APPLICATION = {
  identity: null,
  cardHint: 'none',
  idNumber: '',
  idNumberProblem: null,
  questionIndex: 0,
  answers: {},
  draft: '',
  problem: null,
  optionPage: 0,
  checkPage: 0,
  receiptPage: 0,
  returnToCheck: false,
  receipt: null,
  print: null,
} as const satisfies Partial<ApplyContext>;

export const APPLY_SESSION_DEFAULTS = {
  ...EMPTY_APPLICATION,
  wentBack: false,
  ...IDLE_SESSION_DEFAULTS,
  ...HEADER_DEFAULTS,
} as const satisfies Partial<ApplyContext>;
