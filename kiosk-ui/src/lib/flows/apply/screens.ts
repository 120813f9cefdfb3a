import { IDLE_WARNING_SCREEN } from '../idle.js';
import type { ScreenMeta } from '../screen.js';
import type { CardStepSpeech } from '../identify/card-step.js';

/**
 * The apply flow's screens (docs/flows.md, "Apply"): identify, one question per screen,
 * check your answers, and the confirmation. The step indicator of the numbered screens is
 * drawn from the context (./views.ts, applyStep): how many questions a resident is asked
 * depends on how they identified.
 */
export const SCREENS = {
  // Announced by the card step (IDENTIFY_SPEECH): what it says follows the reader.
  identify: { screen: 'apply-identify' },
  // Never speaks the digits: only what to do, and (by the machine) what is wrong.
  enterIdNumber: {
    screen: 'apply-id-number',
    speech: 'speech.enterIdNumber',
  },
  // Announced with the question itself (announceQuestion), also when read-aloud is turned on.
  question: { screen: 'apply-question' },
  check: {
    screen: 'apply-check',
    speech: 'speech.applyCheck',
  },
  submitting: { screen: 'apply-submitting', speech: 'speech.applySubmitting' },
  submitFailed: {
    screen: 'apply-submit-failed',
    speech: 'speech.applySubmitFailed',
  },
  // Refused for a reason the resident cannot mend: staff are called on the way in.
  submitRefused: {
    screen: 'apply-submit-refused',
    speech: 'speech.applySubmitRefused',
  },
  // A retry with changes found the application already in: which one, and that the changes
  // were not sent.
  alreadySubmitted: {
    screen: 'apply-already-submitted',
    speech: 'speech.applyAlreadySubmitted',
  },
  // Announced with the reference number and where the application went (announceReceipt).
  submitted: { screen: 'apply-submitted' },
  printing: { screen: 'apply-printing', speech: 'speech.applyPrinting' },
  idleWarning: IDLE_WARNING_SCREEN,
} as const satisfies Record<string, ScreenMeta<string>>;

/** What read-aloud says on the card step (../identify/card-step.ts), as the hint shown has it. */
export const IDENTIFY_SPEECH = {
  placeCard: 'speech.applyIdentify',
  readerUnavailable: 'speech.applyIdentifyReaderUnavailable',
} as const satisfies CardStepSpeech;

export type ApplyScreen = (typeof SCREENS)[keyof typeof SCREENS]['screen'];
export type ApplyMeta = ScreenMeta<ApplyScreen>;
