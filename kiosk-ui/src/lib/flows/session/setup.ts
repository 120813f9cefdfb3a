import { assign, fromPromise, setup, type SnapshotFrom } from 'xstate';
import type { PrintOutcome } from '../../agent/types.js';
import { headerActions, headerDelays } from '../header.js';
import { idleActions, idleDelays } from '../idle.js';
import { takeTicketMachine } from '../take-ticket/machine.js';
import { rateMachine } from '../rate/machine.js';
import { applyMachine } from '../apply/machine.js';
import { applyServiceOf } from '../apply/session.js';
import {
  MAX_QUERY_LETTERS,
  emptySession,
  type SessionContext,
  type SessionEvent,
  type SessionInput,
} from './context.js';
import type { SessionMeta } from './screens.js';
import {
  canPrintGuide,
  categoryPage,
  chosenService,
  guidePage,
  listPage,
  listedServices,
  searchResults,
} from './views.js';

export type TakeTicketSnapshot = SnapshotFrom<typeof takeTicketMachine>;

/**
 * What the session machine (./machine.ts) runs on: its types, the child flows it hands over to,
 * the hooks the page provides, its guards and delays. One `setup` types both the actions built
 * on it (./actions.ts) and the machine.
 */
export const flow = setup({
  types: {
    context: {} as SessionContext,
    events: {} as SessionEvent,
    input: {} as SessionInput,
    meta: {} as SessionMeta,
    // Each child by the id it is invoked with, so the page gets each one's own type.
    children: {} as {
      takeTicket: 'takeTicket';
      rate: 'rate';
      apply: 'apply';
      printGuide: 'printGuide';
    },
  },
  actors: {
    // The page provides it with its hooks (the agent's calls); tests may provide a stand-in.
    takeTicket: takeTicketMachine,
    rate: rateMachine,
    apply: applyMachine,
    // The page provides the agent's call; only the service's id goes (lib/agent/client.ts).
    printGuide: fromPromise<PrintOutcome, { serviceId: string }>(() =>
      Promise.reject(new Error('printGuide is not provided')),
    ),
  },
  actions: {
    // The header's and idle's hooks (speech, staff call, chime, focus, reminder, session end).
    ...headerActions,
    ...idleActions,
    wipe: assign(({ context }) => ({ ...emptySession, timing: context.baseTiming })),
    markStart: assign({ startedAt: () => Date.now() }),
    // A hook the UI overrides to tell the agent; it carries no personal data.
    sessionStarted: () => {},
  },
  guards: {
    knownCategory: ({ context }, categoryId: string) =>
      context.catalogue.categories.some((c) => c.id === categoryId),
    listed: ({ context }, serviceId: string) =>
      listedServices(context).some((s) => s.id === serviceId),
    letter: ({ context }, letter: string) =>
      /^[A-Z]$/.test(letter) && context.query.length < MAX_QUERY_LETTERS,
    hasQuery: ({ context }) => context.query !== '',
    hasResults: ({ context }) => searchResults(context).length > 0,
    nextCategoryPage: ({ context }) => categoryPage(context).hasNext,
    previousCategoryPage: ({ context }) => categoryPage(context).hasPrevious,
    nextListPage: ({ context }) => listPage(context).hasNext,
    previousListPage: ({ context }) => listPage(context).hasPrevious,
    nextGuidePage: ({ context }) => guidePage(context).hasNext,
    previousGuidePage: ({ context }) => guidePage(context).hasPrevious,
    hasGuide: ({ context }) => chosenService(context)?.guide !== undefined,
    offersTicket: ({ context }) => chosenService(context)?.ticketServiceId !== undefined,
    fromSearch: ({ context }) => context.listSource === 'search',
    /** The take-ticket flow came back to its home screen: the resident is done there. */
    ticketFlowHome: ({ context }, child: TakeTicketSnapshot) =>
      context.ticketUnderway && child.matches('home'),
    /** ...having started a service there, so a rating is offered. */
    ticketFlowHomeToRate: ({ context }, child: TakeTicketSnapshot) =>
      context.ticketUnderway && child.matches('home') && context.rateOffer !== null,
    rateOffered: ({ context }) => context.rateOffer !== null,
    offersApplication: ({ context }) => applyServiceOf(context) !== null,
    serviceAvailable: ({ context }) => context.serviceAvailable,
    canPrintGuide: ({ context }) => canPrintGuide(context),
  },
  delays: { ...headerDelays, ...idleDelays },
});
