import type { AgentEvent, WaitingCount } from '@bianmin/contract';

/**
 * Tells hall displays whenever what they show of the queue changes (`queue-changed`): a ticket
 * issued, a counter's call, pause, resume or finish, and the day's end, which empties today's
 * lists. The event carries the waiting counts, which kiosks show; a hall display asks for the
 * rest again (`GET /hall`). A state equal to the last one sent is not sent again, so a kiosk's
 * other outbox events cost the displays nothing.
 */
export function createHallFeed(options: {
  waitingCounts: () => WaitingCount[];
  /** The rest of what a display shows: each counter's state and today's latest call. */
  shown: () => unknown;
  publish: (event: AgentEvent) => void;
}) {
  let last = '';
  return {
    changed(): void {
      const waiting = options.waitingCounts();
      const text = JSON.stringify([waiting, options.shown()]);
      if (text === last) return;
      last = text;
      options.publish({ type: 'queue-changed', waiting });
    },
  };
}
