import { createActor } from 'xstate';
import { screenMeta } from '../screen.js';
import type { SessionEvent, SessionInput } from './context.js';
import { sessionMachine } from './machine.js';

/**
 * The flows' first transitions after the page loads run code V8 has no type feedback for yet,
 * a millisecond or more of each first tap on a slow board (docs/benchmarks.md, "Kiosk in the
 * browser"). While the kiosk stands idle, the page walks the session machine as it comes (its
 * hooks do nothing: no speech, focus, agent call or timer outlives it) through a resident's
 * common taps, one tap per step, then stops it. `shown` hears each step's screens (the
 * session's, and its child flow's while one runs).
 */
export function rehearsalSteps(
  input: SessionInput,
  shown: (screens: string[]) => void = () => {},
): (() => void)[] {
  const category = input.catalogue.categories[0];
  const service = input.catalogue.services.find((s) => s.category === category?.id);
  const queue = input.queues[0];
  if (!category || !service || !queue) return [];
  const actor = createActor(sessionMachine, { input });
  const show = () => {
    const snapshot = actor.getSnapshot();
    const { takeTicket, rate } = snapshot.children;
    const child = takeTicket?.getSnapshot() ?? rate?.getSnapshot();
    shown([
      screenMeta(snapshot).screen,
      ...(child?.status === 'active' ? [screenMeta(child).screen] : []),
    ]);
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
