import { printerReported } from '../printer.js';
import { headerFor, settingsOf, spoken, staffCallCarried, staffCallOf } from '../header.js';
import { idleFor } from '../idle.js';
import { stepFor } from '../step.js';
import type { RateOffer } from '../rate/context.js';
import { DEFAULT_LANGUAGE } from '../../i18n/languages.js';
import {
  ELDER_PACE,
  printsOfGuide,
  ELDER_TEXT_SCALE,
  type Mode,
  type Pages,
  type SessionContext,
  type SessionTiming,
} from './context.js';
import { flow, type TakeTicketSnapshot } from './setup.js';
import { translate } from '../../i18n/translate.js';
import { copiesLeft, guidePage, guidePageSpeech, printButton, takeAwaySpeech } from './views.js';

/**
 * The session machine's (./machine.ts) actions, built on its setup (./setup.ts) so they are
 * typed as its own: the shared header and idle parts, and the flow's mode, paging, guide
 * rating and hand-over to the take-ticket flow.
 */

export const header = headerFor(flow);
export const idle = idleFor(flow);
export const activity = flow.raise({ type: 'ACTIVITY' });

/** Elder mode: larger text (never smaller than the resident already chose) and more time. */
const slowed = (timing: SessionTiming, mode: Mode): SessionTiming =>
  mode === 'elder'
    ? {
        ...timing,
        idleTimeoutMs: timing.idleTimeoutMs * ELDER_PACE,
        warningMs: timing.warningMs * ELDER_PACE,
      }
    : timing;

export const chooseMode = flow.assign(({ context, event }) => {
  if (event.type !== 'CHOOSE_MODE') return {};
  const { mode } = event;
  return {
    mode,
    timing: slowed(context.baseTiming, mode),
    textScale: mode === 'elder' ? Math.max(context.textScale, ELDER_TEXT_SCALE) : context.textScale,
  };
});

/** Turns a page of one screen and counts as activity, so the step's idle timer restarts. */
export const turnPage = (key: keyof Pages, by: 1 | -1) => [
  flow.assign({ pages: ({ context }) => ({ ...context.pages, [key]: context.pages[key] + by }) }),
  activity,
];

export const resetPage = (...keys: (keyof Pages)[]) =>
  flow.assign({
    pages: ({ context }) => ({ ...context.pages, ...Object.fromEntries(keys.map((k) => [k, 0])) }),
  });

/**
 * A guide is a service started: leaving it by 首页 offers a rating, as read to the end once its
 * last page has been shown (docs/architecture.md, "Ratings").
 */
export const offerGuideRating = flow.assign({
  rateOffer: ({ context }) =>
    context.serviceId === null
      ? null
      : {
          serviceId: context.serviceId,
          outcome:
            context.rateOffer?.outcome === 'guide-read' || !guidePage(context).hasNext
              ? 'guide-read'
              : 'left-midway',
        },
});

/**
 * The take-ticket flow's journey as a rating would describe it: once a queue is chosen, a
 * ticket issued or the resident leaving part-way; nothing while its idle warning shows, since
 * whoever does not answer it has gone.
 */
const ticketRateOffer = (child: TakeTicketSnapshot): RateOffer | null => {
  const { serviceId, ticket } = child.context;
  if (serviceId === null || child.matches('idleWarning')) return null;
  return { serviceId, outcome: ticket ? 'ticket-issued' : 'left-midway' };
};

/** What the session keeps of the take-ticket flow while it runs. */
export const followTicketFlow = (child: TakeTicketSnapshot): Partial<SessionContext> => {
  // The resident's header taps went to that flow: the rating keeps what they set, and their
  // call for staff.
  return {
    ticketUnderway: true,
    rateOffer: ticketRateOffer(child),
    ...settingsOf(child.context),
    ...staffCallOf(child.context),
  };
};

export const announceGuidePage = flow.enqueueActions(({ context, enqueue }) => {
  if (context.readAloud) {
    enqueue({ type: 'speak', params: spoken(context, guidePageSpeech(context)) });
  }
});

export const step = stepFor(header, idle);

/**
 * The resident's call for staff goes with them into the flow the session hands over to, once it
 * runs: a tap there is the same call, and the counter's answer is said there.
 */
export const carryStaffCall = (to: 'takeTicket' | 'apply' | 'rate') =>
  flow.enqueueActions(({ context, enqueue }) => {
    const call = staffCallCarried(context);
    if (call) enqueue.sendTo(to, call);
  });

/**
 * The resident's settings go with them into the take-ticket flow as the taps that made them,
 * so that flow needs nothing new and its screens show at the size the resident chose.
 */
export const handOver = flow.enqueueActions(({ context, enqueue }) => {
  const to = 'takeTicket';
  // Told first, so that flow says it is out of service before the resident starts, and its
  // card step says the reader cannot be used from its first word.
  if (!context.serviceAvailable) {
    enqueue.sendTo(to, { type: 'SERVICE_AVAILABILITY', available: false });
  }
  if (!context.readerAvailable) {
    enqueue.sendTo(to, { type: 'READER_AVAILABILITY', available: false });
  }
  enqueue.sendTo(to, { type: 'START' });
  enqueue(carryStaffCall(to));
  if (context.ticketServiceId !== null) {
    enqueue.sendTo(to, { type: 'CHOOSE_SERVICE', serviceId: context.ticketServiceId });
  }
  for (let i = 0; i < context.textScale; i++) enqueue.sendTo(to, { type: 'NEXT_TEXT_SIZE' });
  // Before read-aloud is turned on there: that flow does not say the level again, and says its
  // first screen at it.
  for (let i = 0; i < context.volume; i++) enqueue.sendTo(to, { type: 'NEXT_VOLUME' });
  if (context.readAloud) enqueue.sendTo(to, { type: 'TOGGLE_READ_ALOUD' });
  if (context.theme !== 'default') enqueue.sendTo(to, { type: 'TOGGLE_THEME' });
  if (context.language !== DEFAULT_LANGUAGE) {
    enqueue.sendTo(to, { type: 'SET_LANGUAGE', language: context.language });
  }
});

/** Taking a guide away is reading it whole: 首页 from there offers a rating. */
export const guideTakenAway = flow.assign({
  rateOffer: ({ context }) =>
    context.serviceId === null ? null : { serviceId: context.serviceId, outcome: 'guide-read' },
});

export const announceTakeAway = flow.enqueueActions(({ context, enqueue }) => {
  if (context.readAloud) {
    enqueue({ type: 'speak', params: spoken(context, takeAwaySpeech(context)) });
  }
});

/** The devices' states on (re)connecting to the agent's stream. */
export const resync = flow.assign(({ event }) =>
  event.type === 'AGENT_RESYNC'
    ? {
        serviceAvailable: event.serviceAvailable,
        readerAvailable: event.readerAvailable,
        printerAvailable: event.printerAvailable,
      }
    : {},
);

/** The printer's state as the agent last told it, whatever flow is on the glass. */
export const printerAvailability = flow.assign({
  printerAvailable: ({ context, event }) => printerReported(event, context.printerAvailable),
});

/**
 * On the take-away, the printer stopping or coming back changes what it offers: said with
 * read-aloud on, without moving the resident's focus.
 */
export const announcePrinterChange = flow.enqueueActions(({ context, event, enqueue }) => {
  const available = printerReported(event, context.printerAvailable);
  // With the visit's copies printed, nothing offered changes.
  if (!context.readAloud || available === context.printerAvailable || !copiesLeft(context)) return;
  const { language } = context;
  const text = available
    ? translate(language, 'speech.guidePrinterBack', {
        button: translate(language, printButton(context)),
      })
    : translate(language, 'guide.noPrinter');
  enqueue({ type: 'speak', params: spoken(context, text) });
});

/** A service chosen from a list: its guide, from the first page, with no print said yet. */
export const chooseService = [
  flow.assign({
    serviceId: ({ event }) => (event.type === 'CHOOSE_SERVICE' ? event.serviceId : null),
    guidePrint: null,
  }),
  resetPage('guide'),
];

/** A print of the guide asked for: counted when asked, as the agent may print it however it ends. */
export const countGuidePrint = flow.assign({
  guidePrints: ({ context }) =>
    context.serviceId === null
      ? context.guidePrints
      : { ...context.guidePrints, [context.serviceId]: printsOfGuide(context) + 1 },
});
