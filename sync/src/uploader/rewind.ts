import type { EventLogger } from '@bianmin/common';
import type { Outbox } from '../outbox/index.js';

/**
 * The centre holds less of this epoch than it acknowledged: it was restored from an older
 * backup. Resending from its position refills it; the events are still here for the
 * retention period (see Outbox.rewind). Returns the outbox's marker after the rewind.
 */
export function rewindToCentre(
  outbox: Pick<Outbox, 'rewind' | 'epoch'>,
  logger: EventLogger | undefined,
  position: number,
  acknowledged: number,
): number {
  const marker = outbox.rewind(position);
  // Events pruned before the position cannot be resent: the next batch's heldFrom tells
  // the centre to stop waiting for them.
  if (marker < acknowledged) {
    logger?.event('sync.centre-behind', {
      epoch: outbox.epoch(),
      centreAckedUpTo: position,
      acknowledgedBefore: acknowledged,
      resendFrom: marker + 1,
    });
  }
  return marker;
}
