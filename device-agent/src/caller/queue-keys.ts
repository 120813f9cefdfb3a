import type { EventLogger } from '@bianmin/common';
import type { CounterQueue } from '../queue/counter-queue.js';
import type { CallerHandlers } from './bus.js';
import { actionOf, type CallerAction, type CallerDisplay } from './keys.js';

type QueueForKeys = Pick<
  CounterQueue,
  | 'callNext'
  | 'recall'
  | 'noShow'
  | 'hold'
  | 'callBack'
  | 'transfer'
  | 'setPaused'
  | 'counter'
  | 'waiting'
>;

export interface CallerKeyOptions {
  queue: QueueForKeys;
  /** Bus address → counter number, from devices.json. */
  counters: ReadonlyMap<number, number>;
  logger: EventLogger;
  /** The ask-rating key: the counter invites the resident to rate the service. */
  onRatingRequested?: (counter: number) => void;
}

/**
 * The queue's side of the caller keypads: each key becomes the queue action a counter's web
 * console would take (docs/architecture.md, "The queue"), and each caller's display follows
 * its counter. A key acts on whichever ticket is current: unlike the console, the keypad shows
 * no number staff could have acted on. A press that changes nothing (no one waiting, a paused counter, nothing to
 * recall) makes the caller beep.
 */
export function createCallerKeyHandlers(options: CallerKeyOptions): CallerHandlers {
  const { queue, logger } = options;
  /** Per counter, the tickets it put on hold, latest last: call back takes the latest. */
  const heldHere = new Map<number, string[]>();

  function callBackNumber(counter: number, services: readonly string[]): string | undefined {
    const held = queue.waiting().held.filter((t) => services.includes(t.serviceId));
    const mine = heldHere.get(counter) ?? [];
    for (let i = mine.length - 1; i >= 0; i--) {
      if (held.some((t) => t.number === mine[i])) return mine[i];
    }
    // Held at another counter or before a restart: the one waiting longest.
    return held[0]?.number;
  }

  /** True when the action changed something. */
  function act(counter: number, action: CallerAction): boolean {
    const view = queue.counter(counter);
    if (!view) return false;
    switch (action.action) {
      case 'call-next': {
        const r = queue.callNext(counter);
        return r.ok && r.value.ticket !== null && !r.value.ignored;
      }
      case 'recall': {
        const r = queue.recall(counter, 'current');
        return r.ok && !r.value.ignored;
      }
      case 'no-show':
        return queue.noShow(counter, 'current').ok;
      case 'hold': {
        const r = queue.hold(counter, 'current');
        if (r.ok) heldHere.set(counter, [...(heldHere.get(counter) ?? []), r.value.number]);
        return r.ok;
      }
      case 'call-back': {
        const number = callBackNumber(counter, view.services);
        if (number === undefined) return false;
        const r = queue.callBack(counter, number);
        if (r.ok)
          heldHere.set(
            counter,
            (heldHere.get(counter) ?? []).filter((n) => n !== number),
          );
        return r.ok && !r.value.ignored;
      }
      case 'transfer': {
        const target = queue.counter(action.toCounter);
        const to = target?.services[0];
        return to !== undefined && queue.transfer(counter, 'current', to).ok;
      }
      case 'pause':
        return queue.setPaused(counter, !view.paused).ok;
      case 'ask-rating':
        if (!view.current) return false;
        options.onRatingRequested?.(counter);
        return true;
    }
  }

  return {
    onKey(address, press) {
      const counter = options.counters.get(address);
      // Also a counter services.json does not list (a typo config:check names): refused
      // aloud, not a silent "changed nothing".
      if (counter === undefined || !queue.counter(counter)) {
        logger.event('device.caller.key-refused', {
          busAddress: address,
          reason: 'no-counter',
          ...(counter !== undefined && { counter }),
        });
        return true;
      }
      const action = actionOf(press);
      if (!action.ok) {
        logger.event('device.caller.key-refused', {
          busAddress: address,
          reason: action.error.kind,
        });
        return true;
      }
      const changed = act(counter, action.value);
      logger.event('device.caller.key', {
        busAddress: address,
        counter,
        action: action.value.action,
        changed,
      });
      return !changed;
    },
    onBadKey(address, refusal) {
      logger.event('device.caller.key-refused', { busAddress: address, reason: refusal.kind });
    },
    displayFor(address): CallerDisplay {
      const counter = options.counters.get(address);
      const view = counter === undefined ? undefined : queue.counter(counter);
      if (!view) return { ticketDigits: null, waiting: 0 };
      const waiting = queue
        .waiting()
        .services.filter((s) => view.services.includes(s.serviceId))
        .reduce((sum, s) => sum + s.tickets.length, 0);
      return { ticketDigits: view.current?.number.slice(1) ?? null, waiting };
    },
    onAnswering(address, answering) {
      logger.event(answering ? 'device.caller.answering' : 'device.caller.silent', {
        busAddress: address,
        counter: options.counters.get(address) ?? null,
      });
    },
  };
}
