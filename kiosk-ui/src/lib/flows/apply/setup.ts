import { assign, fromPromise, setup } from 'xstate';
import type {
  ApplicationPrintRequest,
  ApplicationRequest,
  PrintOutcome,
} from '../../agent/types.js';
import { headerActions, headerDelays } from '../header.js';
import { idleActions, idleDelays } from '../idle.js';
import { cardStepActions, cardStepGuards } from '../identify/card-step.js';
import { draftProblem } from './answer-problems.js';
import {
  EMPTY_APPLICATION,
  type ApplyContext,
  type ApplyEvent,
  type ApplyInput,
} from './context.js';
import type { ApplyMeta } from './screens.js';
import type { SubmitOutcome } from './submission.js';
import { askedOf, checkPage, currentQuestion, optionPage, usesKeypad } from './views.js';

/**
 * What the apply machine (./machine.ts) runs on: its types, the agent's calls, the hooks the
 * page provides, its guards and delays. One `setup` types both the actions built on it
 * (./actions.ts) and the machine.
 */
export const flow = setup({
  types: {
    context: {} as ApplyContext,
    events: {} as ApplyEvent,
    input: {} as ApplyInput,
    meta: {} as ApplyMeta,
    output: {} as { wentBack: boolean },
  },
  actors: {
    // The page provides the agent's calls; tests provide fakes.
    submitApplication: fromPromise<SubmitOutcome, ApplicationRequest>(async () => {
      throw new Error('submitApplication is not provided');
    }),
    printSlip: fromPromise<PrintOutcome, ApplicationPrintRequest>(async () => {
      throw new Error('printSlip is not provided');
    }),
  },
  actions: {
    ...headerActions,
    ...idleActions,
    wipe: assign(() => ({ ...EMPTY_APPLICATION })),
    // For an application, the agent holds the card read.
    ...cardStepActions,
  },
  guards: {
    draftAnswers: ({ context }) => draftProblem(context) === null,
    lastQuestion: ({ context }) => context.questionIndex >= askedOf(context).length - 1,
    firstQuestion: ({ context }) => context.questionIndex === 0,
    returnToCheck: ({ context }) => context.returnToCheck,
    ...cardStepGuards,
    cardHeld: (_, readId: string | undefined) => readId !== undefined,
    offered: ({ context }, value: string) => {
      const question = currentQuestion(context);
      return question?.kind === 'choice' && question.options.some((o) => o.value === value);
    },
    changeable: ({ context }, questionId: string) =>
      askedOf(context).some((q) => q.id === questionId),
    nextOptionPage: ({ context }) => optionPage(context).hasNext,
    previousOptionPage: ({ context }) => optionPage(context).hasPrevious,
    nextCheckPage: ({ context }) => checkPage(context).hasNext,
    previousCheckPage: ({ context }) => checkPage(context).hasPrevious,
    keypadQuestion: ({ context }) => {
      const question = currentQuestion(context);
      return question !== undefined && usesKeypad(question);
    },
    textQuestion: ({ context }) => currentQuestion(context)?.kind === 'text',
  },
  delays: { ...headerDelays, ...idleDelays },
});
