import type { EventPayloads, EventType } from '../protocol.js';

/**
 * Copies only the whitelisted fields of a payload. TypeScript cannot stop a caller from
 * passing an object with extra keys (e.g. a spread of a resident record); without this the
 * extra keys would be stored, then rejected by the centre on every retry.
 */
export function toWirePayload<T extends EventType>(
  type: T,
  payload: EventPayloads[T],
): EventPayloads[T] {
  const p = payload as unknown as Record<string, unknown>;
  const pick = (keys: readonly string[]): Record<string, unknown> =>
    Object.fromEntries(keys.map((k) => [k, p[k]]));
  switch (type) {
    case 'ticket.issued':
      return {
        ...pick(['serviceId', 'serviceName', 'ticketNumber', 'priority']),
        durationMs: Math.max(0, Math.round(Number(p.durationMs) || 0)),
      } as unknown as EventPayloads[T];
    case 'ticket.print-failed':
      return pick(['ticketNumber', 'printerState']) as unknown as EventPayloads[T];
    case 'staff.called':
      return pick(['screen']) as unknown as EventPayloads[T];
    case 'device.status-changed':
      return pick(['device', 'state']) as unknown as EventPayloads[T];
    default:
      throw new Error(`unknown outbox event type: ${String(type)}`);
  }
}
