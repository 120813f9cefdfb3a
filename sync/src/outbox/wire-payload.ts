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
  const schema = PAYLOAD_SCHEMAS[type] as { properties?: Record<string, unknown> } | undefined;
  if (schema?.properties === undefined) throw new Error(`unknown outbox event type: ${type}`);
  const p = payload as unknown as Record<string, unknown>;
  const picked = Object.fromEntries(Object.keys(schema.properties).map((k) => [k, p[k]]));
  // A duration is measured with fractions; the wire takes whole milliseconds.
  if (type === 'ticket.issued') {
    picked.durationMs = Math.max(0, Math.round(Number(p.durationMs) || 0));
  }
  return picked as EventPayloads[T];
}
