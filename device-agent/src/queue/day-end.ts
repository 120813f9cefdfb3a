import { createPeriodic, type Clock, type EventLogger, type Periodic } from '@bianmin/common';
import type { CounterQueue } from './counter-queue.js';

/** Often enough that a past day's tickets are closed soon after midnight. */
const DAY_END_CHECK_MS = 10 * 60 * 1000;

/**
 * Closes the tickets of past days: at start (a terminal off at midnight) and then every few
 * minutes. No past ticket is ever called even before this runs: calls take today's only.
 */
export function createDayEnd(
  queue: Pick<CounterQueue, 'closePastDays'>,
  options: {
    logger: EventLogger;
    clock?: Clock;
    /** Runs after each check, whether or not it closed anything: a day can turn empty. */
    afterCheck?: () => void;
  },
): Periodic {
  return createPeriodic({
    task: () => {
      const tickets = queue.closePastDays();
      if (tickets > 0) options.logger.event('queue.day-closed', { tickets });
      options.afterCheck?.();
    },
    intervalMs: DAY_END_CHECK_MS,
    onError: (error) =>
      options.logger.event('queue.day-close-failed', {
        error: error instanceof Error ? error.name : 'unknown',
      }),
    ...(options.clock && { clock: options.clock }),
  });
}
