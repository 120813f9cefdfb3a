import type { AgentEvent, WaitingCount } from '@bianmin/contract';

/**
 * Tells hall displays the waiting counts whenever they change (`queue-changed`): after a
 * ticket is issued and after every counter change. Counts equal to the last ones sent are
 * not sent again, so a kiosk's other outbox events cost the displays nothing.
 */
export function createHallFeed(options: {
  waitingCounts: () => WaitingCount[];
  publish: (event: AgentEvent) => void;
}) {
  let last = '';
  return {
    changed(): void {
      const waiting = options.waitingCounts();
      const text = JSON.stringify(waiting);
      if (text === last) return;
      last = text;
      options.publish({ type: 'queue-changed', waiting });
    },
  };
}
