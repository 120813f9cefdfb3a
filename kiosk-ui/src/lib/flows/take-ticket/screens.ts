import type { IssuedTicket, PrintOutcome } from '../../agent/types.js';
import { IDLE_WARNING_SCREEN } from '../idle.js';
import type { ScreenMeta } from '../screen.js';
import type { CardStepSpeech } from '../identify/card-step.js';
import type { PlainKey } from '../../i18n/catalogue.js';
import { joinSentences, type Language } from '../../i18n/languages.js';
import { translate } from '../../i18n/translate.js';

/**
 * The screens of this flow, one per resting state: which screen, which step and what read-aloud
 * says (docs/architecture.md, "Flows and screens"). The machine's entry actions pass the same object, so
 * what is announced is what the screen's meta says.
 */
export const SCREENS = {
  home: { screen: 'home', speech: 'speech.ticketHome' },
  outOfService: {
    screen: 'out-of-service',
    speech: 'speech.outOfService',
  },
  // The printer is faulted: said before the resident starts, with what still works (a ticket
  // whose number stays on screen, the guides, staff).
  printerOut: { screen: 'printer-out', speech: 'speech.printerOut' },
  chooseService: {
    screen: 'choose-service',
    step: { step: 1, of: 3 },
    speech: 'speech.chooseService',
  },
  // Announced by the card step (IDENTIFY_SPEECH): what it says follows the reader.
  identify: { screen: 'identify', step: { step: 2, of: 3 } },
  // Never speaks the digits: only what to do, and (by the machine) what is wrong.
  enterIdNumber: {
    screen: 'enter-id-number',
    step: { step: 2, of: 3 },
    speech: 'speech.enterIdNumber',
  },
  askPriority: {
    screen: 'ask-priority',
    step: { step: 3, of: 3 },
    speech: 'speech.askPriority',
  },
  idleWarning: IDLE_WARNING_SCREEN,
  issuing: { screen: 'issuing' },
  issueFailed: { screen: 'issue-failed', speech: 'speech.issueFailed' },
  // Announced with the ticket number itself (announceTicket).
  ticketShown: { screen: 'ticket-shown' },
  // The ticket is issued but its slip did not print: the number stays on screen.
  slipNotPrinted: { screen: 'slip-not-printed' },
  reprinting: { screen: 'reprinting', speech: 'speech.reprinting' },
} as const satisfies Record<string, ScreenMeta<string>>;

/** What read-aloud says on the card step (../identify/card-step.ts), as the hint shown has it. */
export const IDENTIFY_SPEECH = {
  placeCard: 'speech.identify',
  readerUnavailable: 'speech.identifyReaderUnavailable',
} as const satisfies CardStepSpeech;

export type TakeTicketScreen = (typeof SCREENS)[keyof typeof SCREENS]['screen'];
export type TakeTicketMeta = ScreenMeta<TakeTicketScreen>;

/**
 * What read-aloud says about an issued ticket (numbers only, never personal data).
 * `printerWasReady`: false when the resident took it knowing the printer was not working.
 */
export function ticketAnnouncement(
  ticket: IssuedTicket,
  print: PrintOutcome | null,
  language: Language,
  printerWasReady: boolean,
): string {
  const slip =
    print?.ok !== false
      ? 'speech.ticketTakeSlip'
      : printerWasReady
        ? 'speech.ticketSlipFailed'
        : 'speech.ticketNoSlip';
  const issued = translate(language, 'speech.ticket', {
    number: ticket.number,
    count: ticket.waitingAhead,
  });
  return joinSentences(language, [issued, translate(language, slip)]);
}

/** Said when the printer is back while a resident waits for their slip. */
export const PRINTER_BACK = 'speech.printerBack' satisfies PlainKey;
