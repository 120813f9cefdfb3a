import { PAYLOAD_SCHEMAS, type EventPayloads, type EventType } from '@bianmin/contract';
import { Compile, type Validator } from 'typebox/compile';

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

const validators = new Map<EventType, Validator>();

/**
 * The payload as stored, if the centre will take it. The centre refuses a batch with an
 * invalid event on every retry and acknowledges nothing past it, so one such event would hold
 * back every event queued after it for ever: it is refused here instead, in the caller's
 * transaction, which rolls back with the fact it describes. Only a bug in the agent gets here.
 */
export function wireJson<T extends EventType>(type: T, payload: EventPayloads[T]): string {
  const json = JSON.stringify(toWirePayload(type, payload));
  let check = validators.get(type);
  if (check === undefined) {
    check = Compile(PAYLOAD_SCHEMAS[type]);
    validators.set(type, check);
  }
  const stored: unknown = JSON.parse(json);
  if (!check.Check(stored)) {
    const [first] = check.Errors(stored);
    throw new Error(
      `outbox: a ${type} event the centre would refuse (${first ? `${first.instancePath || 'payload'} ${first.message}` : 'invalid'}); not queued`,
    );
  }
  return json;
}

/** The payload field of each event type that holds a measured duration (DurationMs). */
const DURATION_FIELDS: Partial<Record<EventType, string>> = {
  'ticket.issued': 'durationMs',
  'queue.done': 'serviceMs',
};
