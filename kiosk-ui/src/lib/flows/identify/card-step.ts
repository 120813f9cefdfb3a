import { assign, setup } from 'xstate';
import type { CardPresence, CardUnreadableReason } from '../../agent/types.js';
import { asFlowAction, type FlowSetup, type HasPart } from '../compose.js';
import { headerActions, spoken, type HeaderContext } from '../header.js';
import type { IdleEvent } from '../idle.js';
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
  | IdleEvent;

/** The flow's resync may carry more; these the card step reads. */
type ResyncEvent = { type: 'AGENT_RESYNC'; readerAvailable: boolean; card: CardPresence };

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

const cardUnreadable = part.assign({
  cardHint: ({ context, event }) =>
    event.type === 'CARD_UNREADABLE' ? event.reason : context.cardHint,
});
const cardRemoved = part.assign({
  cardHint: ({ context }) => (context.cardHint === 'replace-card' ? 'none' : context.cardHint),
});
const readerHint = part.assign({
  cardHint: ({ context, event }) =>
    event.type === 'READER_AVAILABILITY'
      ? hintForReader(event.available, context.cardHint)
      : context.cardHint,
});
const resyncHint = part.assign({
  cardHint: ({ context, event }) =>
    event.type === 'AGENT_RESYNC'
      ? hintAfterResync(event.readerAvailable, event.card, context.cardHint)
      : context.cardHint,
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
 * The card step for the flow whose `setup(...)` is `flow`; it must spread `cardStepActions`,
 * `cardStepGuards` and `headerActions` (for `speak`) into it, its context extends
 * CardStepContext, and its events include the card step's and an AGENT_RESYNC carrying
 * `readerAvailable` and `card`.
 */
export function cardStepFor<F extends FlowSetup>(
  _flow: HasPart<F, CardStepContext, CardStepEvent, 'watchCard' | 'speak', never>,
) {
  const as = asFlowAction<F>();
  return {
    /** For the flow's root `on`: the reader's availability, kept on every screen. */
    readerAvailability: as(readerAvailability),
    /** The card step's hints; handling the card is activity: the resident is still there. */
    cardTransitions: {
      CARD_UNREADABLE: { actions: [as(cardUnreadable), as(activity)] },
      CARD_REMOVED: { actions: [as(cardRemoved), as(activity)] },
      READER_AVAILABILITY: { actions: [as(readerAvailability), as(readerHint)] },
      AGENT_RESYNC: { actions: [as(readerAvailability), as(resyncHint), as(watchAgain)] },
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
