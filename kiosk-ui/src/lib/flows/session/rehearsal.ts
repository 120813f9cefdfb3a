import { createActor } from 'xstate';
import type { RateContext } from '../rate/context.js';
import type { RateScreen } from '../rate/screens.js';
import { screenMeta, type ScreenMeta } from '../screen.js';
import type { TakeTicketContext } from '../take-ticket/context.js';
import type { TakeTicketScreen } from '../take-ticket/screens.js';
import type { SessionContext, SessionEvent, SessionInput } from './context.js';
import { sessionMachine } from './machine.js';
import type { SessionScreen } from './screens.js';
import { TEXT_SCALES } from '../../styles/text-sizes.js';

/** What the glass would show after a rehearsed tap: the session's screen, and its child flow's. */
export interface RehearsalFrame {
  session: { screen: SessionScreen; context: SessionContext };
  takeTicket?: { meta: ScreenMeta<TakeTicketScreen>; context: TakeTicketContext };
  rate?: { screen: RateScreen; context: RateContext };
}

/**
 * How many times the page rehearses, one after another. V8 runs a function in its interpreter
 * until it has run often enough to be compiled to faster tiers, in the background; on a slow
 * board the first and second rounds of a resident's taps ran the screens' code measurably slower
 * than the third (docs/benchmarks.md, "Kiosk in the browser", seventh pass).
 */
export const REHEARSALS = 6;

/** The screens a frame shows, the session's first. */
export const frameScreens = (frame: RehearsalFrame): string[] => [
  frame.session.screen,
  ...(frame.takeTicket ? [frame.takeTicket.meta.screen] : []),
  ...(frame.rate ? [frame.rate.screen] : []),
];

/**
 * The flows' first transitions after the page loads run code V8 has no type feedback for yet,
 * a millisecond or more of each first tap on a slow board (docs/benchmarks.md, "Kiosk in the
 * browser"). While the kiosk stands idle, the page walks the session machine as it comes (its
 * hooks do nothing: no speech, focus, agent call or timer outlives it) through a resident's
 * common taps, one tap per step, then stops it. `shown` hears each step's frame, for the page to
 * draw its screens out of sight (../../rehearse-showing.ts).
 */
export function rehearsalSteps(
  input: SessionInput,
  shown: (frame: RehearsalFrame) => void = () => {},
): (() => void)[] {
  const category = input.catalogue.categories[0];
  const service = input.catalogue.services.find((s) => s.category === category?.id);
  const queue = input.queues[0];
  if (!category || !service || !queue) return [];
  const actor = createActor(sessionMachine, { input });
  const show = () => {
    const snapshot = actor.getSnapshot();
    const ticket = snapshot.children.takeTicket?.getSnapshot();
    const rating = snapshot.children.rate?.getSnapshot();
    shown({
      session: { screen: screenMeta(snapshot).screen, context: snapshot.context },
      ...(ticket?.status === 'active' && {
        takeTicket: { meta: screenMeta(ticket), context: ticket.context },
      }),
      ...(rating?.status === 'active' && {
        rate: { screen: screenMeta(rating).screen, context: rating.context },
      }),
    });
  };
  const step = (tap: () => void) => () => {
    tap();
    show();
  };
  const toSession = (event: SessionEvent) => step(() => actor.send(event));
  const children = () => actor.getSnapshot().children;
  return [
    step(() => actor.start()),
    toSession({ type: 'SERVICE_AVAILABILITY', available: true }),
    toSession({ type: 'TAKE_TICKET' }),
    step(() => children().takeTicket?.send({ type: 'CHOOSE_SERVICE', serviceId: queue.id })),
    step(() => children().takeTicket?.send({ type: 'BACK' })),
    step(() => children().takeTicket?.send({ type: 'BACK' })),
    step(() => children().rate?.send({ type: 'SKIP' })),
    toSession({ type: 'START' }),
    toSession({ type: 'CHOOSE_MODE', mode: 'standard' }),
    toSession({ type: 'CHOOSE_CATEGORY', categoryId: category.id }),
    toSession({ type: 'CHOOSE_SERVICE', serviceId: service.id }),
    toSession({ type: 'NEXT_TEXT_SIZE' }),
    toSession({ type: 'NEXT_PAGE' }),
    toSession({ type: 'PREVIOUS_PAGE' }),
    toSession({ type: 'BACK' }),
    toSession({ type: 'BACK' }),
    toSession({ type: 'CANCEL' }),
    () => actor.stop(),
  ];
}

/**
 * Every guide's first page at every text size, drawn out of sight once while the kiosk stands
 * idle after the rehearsals above. A guide's first showing was the slowest tap of a resident's
 * visit (docs/benchmarks.md, "Fifteenth pass"): its pages are cut in that tap (views.ts keeps a
 * cut once made), and its words are laid out at the column's width for the first time; the
 * rehearsals above show one guide only. One frame per step.
 */
export function guideRehearsalSteps(
  input: SessionInput,
  shown: (frame: RehearsalFrame) => void = () => {},
): (() => void)[] {
  const { categories, services } = input.catalogue;
  const guided = categories.flatMap((category) =>
    services.filter((s) => s.category === category.id && s.guide !== undefined),
  );
  if (guided.length === 0) return [];
  const actor = createActor(sessionMachine, { input });
  const send = (event: SessionEvent) => actor.send(event);
  const show = () => {
    const snapshot = actor.getSnapshot();
    shown({ session: { screen: screenMeta(snapshot).screen, context: snapshot.context } });
  };
  const sizes = TEXT_SCALES.length;
  return [
    () => {
      actor.start();
      send({ type: 'SERVICE_AVAILABILITY', available: true });
      send({ type: 'START' });
      send({ type: 'CHOOSE_MODE', mode: 'standard' });
    },
    ...guided.flatMap((service) =>
      Array.from({ length: sizes }, (_, size) => () => {
        if (size === 0) {
          send({ type: 'CHOOSE_CATEGORY', categoryId: service.category });
          send({ type: 'CHOOSE_SERVICE', serviceId: service.id });
        } else send({ type: 'NEXT_TEXT_SIZE' });
        show();
        if (size === sizes - 1) {
          send({ type: 'NEXT_TEXT_SIZE' });
          send({ type: 'BACK' });
          send({ type: 'BACK' });
        }
      }),
    ),
    () => actor.stop(),
  ];
}
