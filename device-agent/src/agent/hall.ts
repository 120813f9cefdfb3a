import type { Database } from 'better-sqlite3';
import type { EventLogger } from '@bianmin/common';
import type { ServiceCatalogue } from '@bianmin/config';
import type { AgentEvent } from '@bianmin/contract';
import type { Outbox } from '@bianmin/sync/outbox';
import { createHallFeed } from '../api/counter-hall-feed.js';
import { createCounterQueue } from '../queue/counter-queue.js';
import { createDayEnd } from '../queue/day-end.js';
import { connectCounterHardware } from './counter-hardware.js';
import type { CounterHardware } from './devices.js';

/**
 * The hall's queue at the counters, with what follows it: the hall display's feed, the
 * counters' hardware (callers, LED displays, speech) and the day's end.
 */
export function wireHall(options: {
  db: Database;
  outbox: Outbox;
  services: ServiceCatalogue;
  queueServiceIds: readonly string[];
  counterHardware: CounterHardware;
  timeZone: string;
  publish: (event: AgentEvent) => void;
  logger: EventLogger;
  now: () => Date;
}) {
  const { counters, calling } = options.services;
  const { logger, publish } = options;
  const queue = createCounterQueue(options.db, options.outbox, {
    counters,
    calling,
    queueServiceIds: options.queueServiceIds,
    timeZone: options.timeZone,
    now: options.now,
    onCall: (call) => {
      publish({ type: 'queue-called', call });
      counterHardware.called(call);
    },
    onChange: () => hallFeed.changed(),
  });
  const hallFeed = createHallFeed({
    waitingCounts: () => queue.waitingCounts(),
    shown: () => ({
      counters: queue.counters().map((c) => [c.paused, c.current?.number ?? null]),
      latest: queue.recentCalls(1),
    }),
    publish,
  });
  const counterHardware = connectCounterHardware(options.counterHardware, {
    queue,
    logger,
    onRatingRequested: (counter) => {
      const asked = queue.ratingRequest(counter);
      if (asked.ok) publish({ type: 'rating-requested', request: asked.value.request });
    },
  });
  // After each check: the day may have turned, and today's lists on the displays are empty.
  const dayEnd = createDayEnd(queue, { logger, afterCheck: () => hallFeed.changed() });
  return { queue, hallFeed, counterHardware, dayEnd };
}
