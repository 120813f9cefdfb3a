import { PAYLOAD_SCHEMAS, type EventPayloads, type EventType } from '@bianmin/contract';

/**
 * Copies only the fields the contract's payload schema lists. TypeScript cannot stop a
 * caller from passing an object with extra keys (e.g. a spread of a resident record);
 * without this the extra keys would be stored, then rejected by the centre on every retry.
 */
export function toWirePayload<T extends EventType>(
  type: T,
  payload: EventPayloads[T],
): EventPayloads[T] {
  const schema = PAYLOAD_SCHEMAS[type] as
    { properties?: Record<string, { maximum?: number }> } | undefined;
  if (schema?.properties === undefined) throw new Error(`unknown outbox event type: ${type}`);
  const p = payload as unknown as Record<string, unknown>;
  const picked = Object.fromEntries(Object.keys(schema.properties).map((k) => [k, p[k]]));
  // A duration is measured with fractions; the wire takes whole milliseconds up to the
  // contract's maximum. One measured across a clock step can be longer: the centre would
  // refuse it on every retry and hold back every event queued after it.
  const duration = DURATION_FIELDS[type];
  if (duration !== undefined) {
    const max = schema.properties[duration]?.maximum ?? Number.MAX_SAFE_INTEGER;
    picked[duration] = Math.min(max, Math.max(0, Math.round(Number(p[duration]) || 0)));
  }
  return picked as EventPayloads[T];
}

/** The payload field of each event type that holds a measured duration (DurationMs). */
const DURATION_FIELDS: Partial<Record<EventType, string>> = {
  'ticket.issued': 'durationMs',
  'queue.done': 'serviceMs',
};
