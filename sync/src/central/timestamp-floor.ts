import { err, ok, type Result } from '@bianmin/common';
import { TIMESTAMP_FLOOR, type EventBatch } from '../protocol.js';

const FLOOR_MS = Date.parse(TIMESTAMP_FLOOR);

/**
 * Refuses a batch whose times predate the build: the terminal's clock was not set yet, so
 * neither its created nor its sent time can be trusted.
 */
export function checkTimestampFloor(batch: EventBatch): Result<void, string> {
  const stale = (field: string, value: string): Result<void, string> => {
    const at = Date.parse(value);
    if (Number.isNaN(at)) return err(`${field} is not a valid date-time`);
    if (at < FLOOR_MS) {
      return err(
        `${field} ${value} is before ${TIMESTAMP_FLOOR.slice(0, 10)}: the terminal clock is not set`,
      );
    }
    return ok(undefined);
  };
  const sent = stale('sentAt', batch.sentAt);
  if (!sent.ok) return sent;
  for (const [i, event] of batch.events.entries()) {
    const created = stale(`events[${i}].createdAt`, event.createdAt);
    if (!created.ok) return created;
  }
  return ok(undefined);
}
