import { assign, fromPromise, setup } from 'xstate';
import type {
  CardHolderSummary,
  PrintOutcome,
  ReprintRequest,
  TicketRequest,
  TicketResponse,
} from '../../agent/types.js';
import { headerActions, headerDelays } from '../header.js';
import { idleActions, idleDelays } from '../idle.js';
import {
  emptySession,
  type TakeTicketContext,
  type TakeTicketEvent,
  type TakeTicketInput,
} from './context.js';
import { cardStepActions, cardStepGuards } from '../identify/card-step.js';
import { priorityByAge } from '../identify/id-entry.js';
import type { TakeTicketMeta } from './screens.js';

/*
 * What the take-ticket machine (./machine.ts) runs on: its types, the agent's calls the page
 * provides, its hooks, guards and delays. One `setup` types both the actions built on it
 * (./actions.ts) and the machine.
 */

/**
 * A slip that did not print because the printer stopped or was not ready can be printed again
 * on request. One whose outcome is unknown (a crash mid-job) may already have come out, so it
 * is not offered: the resident has the number on screen either way.
 */
export const reprintable = (print: PrintOutcome) =>
  !print.ok && print.reason !== 'unknown-outcome' && print.reason !== 'unknown-ticket';

export const flow = setup({
  types: {
    context: {} as TakeTicketContext,
    events: {} as TakeTicketEvent,
    input: {} as TakeTicketInput,
    meta: {} as TakeTicketMeta,
  },
  actors: {
    // The UI provides the real implementation (HTTP to the agent); tests provide fakes.
    issueTicket: fromPromise<TicketResponse, TicketRequest>(async () => {
      throw new Error('issueTicket is not provided');
    }),
    reprintTicket: fromPromise<TicketResponse, ReprintRequest>(async () => {
      throw new Error('reprintTicket is not provided');
    }),
  },
  actions: {
    // The header's and idle's hooks (speech, staff call, chime, focus, reminder, session end).
    ...headerActions,
    ...idleActions,
    wipe: assign(() => ({ ...emptySession })),
    markStart: assign({ startedAt: () => Date.now(), requestId: () => crypto.randomUUID() }),
    // Hooks the UI overrides to tell the agent; they carry no personal data.
    sessionStarted: () => {},
    ...cardStepActions,
  },
  guards: {
    isPriorityAge: (_, holder: CardHolderSummary) => holder.priorityByAge,
    knownService: ({ context }, serviceId: string) =>
      context.services.some((s) => s.id === serviceId),
    slipToReprint: (_, print: PrintOutcome) => reprintable(print),
    printerAvailable: ({ context }) => context.printerAvailable,
    // Told once, on the first screen of the flow; not again once they chose to go on.
    printerNotTold: ({ context }) => !context.printerAvailable && !context.printerNoticeSeen,
    ...cardStepGuards,
    idNumberPriorityAge: ({ context }) =>
      priorityByAge(context.idNumber, new Date(), context.timeZone),
  },
  delays: {
    ...headerDelays,
    ...idleDelays,
    ticketShown: ({ context }) => context.timing.ticketShownMs,
  },
});
