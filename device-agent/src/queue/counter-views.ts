import { err, ok, type Result } from '@bianmin/common';
import type { CounterTicket, CounterView, RatingRequest } from '@bianmin/contract';
import { changeOf, type CounterContext, type Step } from './counter-context.js';
import type { QueueRefusal } from './counter-queue.js';
import { view } from './counter-rows.js';

/** The counters as they stand: open or paused, what each shows, what a rating there is about. */
export function createCounterViews(ctx: CounterContext) {
  const change = changeOf(ctx);
  const { options } = ctx;

  const counter = (number: number): CounterView | undefined => {
    const config = ctx.counters.get(number);
    if (!config) return undefined;
    const row = ctx.current(number);
    return {
      number,
      name: config.name,
      services: [...config.services],
      paused: ctx.stateOf(number).paused === 1,
      current: row ? view(row) : null,
    };
  };

  return {
    /** A paused counter calls no one; it stops counting towards the estimated waits. */
    setPaused: change((config, at, paused: boolean): Step<boolean> => {
      if ((ctx.stateOf(config.number).paused === 1) === paused) return ok({ value: paused });
      ctx.s.setPaused.run(config.number, paused ? 1 : 0);
      ctx.outbox.append({
        type: 'queue.counter-paused',
        createdAt: at,
        payload: { counter: config.number, paused },
      });
      return ok({ value: paused });
    }),

    counter,

    /**
     * What a rating (好差评) asked for at this counter is about: its current ticket's queue.
     * The web console's 请评价 and a caller keypad's rate key both ask through this.
     */
    ratingRequest(
      number: number,
    ): Result<{ request: RatingRequest; ticket: CounterTicket }, QueueRefusal> {
      const shown = counter(number);
      if (!shown) return err({ kind: 'unknown-counter' });
      if (!shown.current) return err({ kind: 'no-current-ticket' });
      return ok({
        request: {
          counter: shown.number,
          counterName: shown.name,
          serviceId: shown.current.serviceId,
        },
        ticket: shown.current,
      });
    },

    counters: (): CounterView[] => options.counters.map((c) => counter(c.number)!),
  };
}
