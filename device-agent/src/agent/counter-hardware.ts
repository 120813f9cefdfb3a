import type { EventLogger } from '@bianmin/common';
import type { QueueCall } from '@bianmin/contract';
import { createCallerKeyHandlers } from '../caller/index.js';
import { ledCallText } from '../led/index.js';
import type { CounterQueue } from '../queue/counter-queue.js';
import type { CounterHardware } from './devices.js';

/**
 * Ties the counters' hardware to the queue: caller keys act on it, and every call is shown
 * on the called counter's LED display, spoken, and shown on the callers' displays
 * (docs/devices.md, "Queue hardware"). Each part is optional and fails on its own.
 */
export function connectCounterHardware(
  hardware: CounterHardware,
  options: {
    queue: CounterQueue;
    logger: EventLogger;
    /** A caller's rate key: the resident at that counter is asked for a rating (好差评). */
    onRatingRequested: (counter: number) => void;
  },
) {
  const { callers, displays, announcer } = hardware;
  const { logger } = options;
  return {
    /** Starts polling the caller keypads. */
    start(): void {
      callers?.bus.start(
        createCallerKeyHandlers({
          queue: options.queue,
          counters: callers.counterOf,
          logger,
          onRatingRequested: options.onRatingRequested,
        }),
      );
    },
    /** After a call has committed, from wherever it came (a caller key, the web console). */
    called(call: QueueCall): void {
      callers?.bus.refresh();
      for (const address of displays?.addressesOf.get(call.counter) ?? []) {
        const text = ledCallText(call.ticketNumber, displays!.leds.encoding);
        void displays!.leds.show(address, text).then((shown) => {
          if (!shown.ok)
            logger.event('device.led.write-failed', {
              busAddress: address,
              reason: shown.error.kind,
            });
        });
      }
      void announcer?.announce({ ticketNumber: call.ticketNumber, counter: call.counter });
    },
  };
}
