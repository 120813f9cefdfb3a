import { assign, setup } from 'xstate';
import type { CardPresence, CardUnreadableReason } from '../../agent/types.js';
import { asFlowAction, type FlowSetup, type HasPart } from '../compose.js';
import { headerActions, spoken, type HeaderContext, type HeaderEvent } from '../header.js';
import type { IdleEvent } from '../idle.js';
import type { PlainKey } from '../../i18n/catalogue.js';
import { translate } from '../../i18n/translate.js';
import { hintAfterResync, hintForReader, type CardHint } from './card-hint.js';
import {
  idNumberProblem,
  idProblemText,
  typeIdKey,
  type IdKeypadEvent,
  type IdNumberProblem,
} from './id-entry.js';

/**
 * The card step and its typed-number alternative, the same in every flow that identifies the
 * resident (take-ticket, apply): the hints while a card is placed, lifted or unreadable, the
 * reader's availability, and the ID-number keypad. What a read card or an accepted number
 * leads to is the flow's own.
 */
export interface CardStepContext extends Pick<HeaderContext, 'readAloud' | 'language' | 'volume'> {
  cardHint: CardHint;
  /** From the agent's event stream. */
  readerAvailable: boolean;
  idNumber: string;
  idNumberProblem: IdNumberProblem | null;
}

type CardStepEvent =
  | IdKeypadEvent
  | { type: 'CARD_UNREADABLE'; reason: CardUnreadableReason }
  | { type: 'CARD_REMOVED' }
  | { type: 'READER_AVAILABILITY'; available: boolean }
  | Extract<HeaderEvent, { type: 'READ_SCREEN' }>
  | IdleEvent;

/** The flow's resync may carry more; these the card step reads. */
type ResyncEvent = { type: 'AGENT_RESYNC'; readerAvailable: boolean; card: CardPresence };

/**
 * What read-aloud says on the card step, in the flow's words: how to identify, and what to do
 * instead while the reader cannot be used. The step's screen meta names no speech, since one
 * key cannot say both; the card step announces it (cardStepFor).
 */
export interface CardStepSpeech {
  placeCard: PlainKey;
  readerUnavailable: PlainKey;
}

/**
 * What the card step says with `hint` shown: the hint decides, so the resident hears what the
 * screen shows, and 重听 (the last text said) repeats it.
 */
export const cardStepSpeech = (hint: CardHint, speech: CardStepSpeech): PlainKey =>
  hint === 'reader-unavailable' ? speech.readerUnavailable : speech.placeCard;

/** For the flow's `setup({ actions })`; the page provides it. */
export const cardStepActions = {
  /** On while the card step is shown, so the agent reads the reader only then. */
  watchCard: (_: unknown, _params: { on: boolean }) => {},
};

/** For the flow's `setup({ guards })`. */
export const cardStepGuards = {
  idNumberChecks: ({ context }: { context: Pick<CardStepContext, 'idNumber'> }) =>
    idNumberProblem(context.idNumber) === null,
};

const part = setup({
  types: { context: {} as CardStepContext, events: {} as CardStepEvent | ResyncEvent },
  actions: { ...cardStepActions, speak: headerActions.speak },
});

const activity = part.raise({ type: 'ACTIVITY' });

const readerAvailability = part.assign({
  readerAvailable: ({ context, event }) => {
    if (event.type === 'READER_AVAILABILITY') return event.available;
    return event.type === 'AGENT_RESYNC' ? event.readerAvailable : context.readerAvailable;
  },
});

/** The hint each of the card step's events leaves shown; one place, so each is said alike. */
const nextHint = (context: CardStepContext, event: CardStepEvent | ResyncEvent): CardHint => {
  switch (event.type) {
    case 'CARD_UNREADABLE':
      return event.reason;
    case 'CARD_REMOVED':
      return context.cardHint === 'replace-card' ? 'none' : context.cardHint;
    case 'READER_AVAILABILITY':
      return hintForReader(event.available, context.cardHint);
    case 'AGENT_RESYNC':
      return hintAfterResync(event.readerAvailable, event.card, context.cardHint);
    default:
      return context.cardHint;
  }
};

const announce = (speech: CardStepSpeech) =>
  part.enqueueActions(({ context, enqueue }) => {
    if (!context.readAloud) return;
    const text = translate(context.language, cardStepSpeech(context.cardHint, speech));
    enqueue({ type: 'speak', params: spoken(context, text) });
  });

/**
 * The hint `next` gives shown. Where that changes what the step says (the reader failed or came
 * back), it is said at once with read-aloud on, so what is heard, and what 重听 repeats, stays
 * what is shown; any other hint is only shown, so nothing is cut short for it.
 */
const showHint = (
  speech: CardStepSpeech,
  next: (context: CardStepContext, event: CardStepEvent | ResyncEvent) => CardHint,
) =>
  part.enqueueActions(({ context, event, enqueue }) => {
    const hint = next(context, event);
    if (hint === context.cardHint) return;
    enqueue.assign({ cardHint: hint });
    const said = cardStepSpeech(hint, speech);
    if (context.readAloud && said !== cardStepSpeech(context.cardHint, speech)) {
      enqueue({ type: 'speak', params: spoken(context, translate(context.language, said)) });
    }
  });

// The agent drops the watch when its last stream closes: ask again.
const watchAgain = part.enqueueActions(({ event, enqueue }) => {
  if (event.type === 'AGENT_RESYNC' && event.card === 'not-watching') {
    enqueue({ type: 'watchCard', params: { on: true } });
  }
});

const typeKey = part.assign({
  idNumber: ({ context, event }) =>
    event.type === 'ID_KEY' ? typeIdKey(context.idNumber, event.key) : context.idNumber,
  idNumberProblem: null,
});
const deleteKey = part.assign({
  idNumber: ({ context }) => context.idNumber.slice(0, -1),
  idNumberProblem: null,
});
const forgetIdNumber = assign({ idNumber: '', idNumberProblem: null });
const noteProblem = part.assign({
  idNumberProblem: ({ context }) => idNumberProblem(context.idNumber),
});
// The error summary is read aloud with the screen's text; never the digits.
const announceProblem = part.enqueueActions(({ context, enqueue }) => {
  const problem = context.idNumberProblem;
  if (problem && context.readAloud) {
    const text = idProblemText(problem, context.idNumber, context.language);
    enqueue({ type: 'speak', params: spoken(context, text) });
  }
});

/**
 * The card step for the flow whose `setup(...)` is `flow`, saying `speech`; the flow must
 * spread `cardStepActions`, `cardStepGuards` and `headerActions` (for `speak`) into it, its
 * context extends CardStepContext, and its events include the card step's and an AGENT_RESYNC
 * carrying `readerAvailable` and `card`.
 */
export function cardStepFor<F extends FlowSetup>(
  _flow: HasPart<F, CardStepContext, CardStepEvent, 'watchCard' | 'speak', never>,
  speech: CardStepSpeech,
) {
  const as = asFlowAction<F>();
  const hinted = showHint(speech, nextHint);
  const announced = announce(speech);
  return {
    /** For the flow's root `on`: the reader's availability, kept on every screen. */
    readerAvailability: as(readerAvailability),
    /**
     * The card step's text, for its entry once its hint is set: said in the resident's language
     * with read-aloud on, as a screen's meta would have it said.
     */
    announce: as(announced),
    /** Shows `hint` (a card read for something else), saying the step again if that changes it. */
    showHint: (hint: CardHint) => as(showHint(speech, () => hint)),
    /**
     * The card step's hints and its read-aloud text; handling the card is activity: the
     * resident is still there. The reader's changes are not: they keep the idle timer running.
     */
    cardTransitions: {
      CARD_UNREADABLE: { actions: [as(hinted), as(activity)] },
      CARD_REMOVED: { actions: [as(hinted), as(activity)] },
      READER_AVAILABILITY: { actions: [as(readerAvailability), as(hinted)] },
      AGENT_RESYNC: { actions: [as(readerAvailability), as(hinted), as(watchAgain)] },
      // Read-aloud turned on, or a new language: the header leaves the text to the step.
      READ_SCREEN: { actions: as(announced) },
    },
    /** The keypad's keys on the typed-number step. */
    keypadTransitions: {
      ID_KEY: { actions: [as(typeKey), as(activity)] },
      ID_DELETE: { actions: [as(deleteKey), as(activity)] },
      ID_CLEAR: { actions: [as(forgetIdNumber), as(activity)] },
    },
    /** The typed-number step's ID_CONFIRM when the number does not check. */
    refuseIdNumber: { actions: [as(noteProblem), as(announceProblem), as(activity)] },
    /** The typed number and its problem, forgotten. */
    forgetIdNumber: as(forgetIdNumber),
  };
}
