import { err, ok, type Result } from '@bianmin/common';
import type { ConfigKey, DeliveryPosition, TicketCountersReply } from '@bianmin/contract';

/*
 * What the uploader reads out of the centre's replies: a reply is checked here before the
 * outbox or the ticket counters trust it.
 */

/** The centre's position in a reply, or why the reply does not carry a valid one. */
export function positionOf(value: unknown, epoch: string): Result<DeliveryPosition, string> {
  const reply = value as Partial<Record<keyof DeliveryPosition, unknown>> | null;
  const acked = reply?.ackedUpTo;
  if (typeof acked !== 'number' || !Number.isSafeInteger(acked) || acked < 0) {
    return err('reply has no valid ackedUpTo');
  }
  // The centre names the epoch it answers for; an older centre names none (its one sequence
  // per terminal is the legacy epoch's).
  if (reply?.epoch !== undefined && reply.epoch !== epoch) {
    return err(`reply is for epoch ${String(reply.epoch)}, not this outbox's ${epoch}`);
  }
  return ok({ epoch, ackedUpTo: acked });
}

/** The counters of a ticket-counters reply, or undefined if it does not carry valid ones. */
export function countersOf(value: unknown): TicketCountersReply['counters'] | undefined {
  const counters = (value as { counters?: unknown } | null)?.counters;
  if (!Array.isArray(counters)) return undefined;
  const valid = counters.filter(
    (c: unknown): c is TicketCountersReply['counters'][number] =>
      typeof (c as { serviceId?: unknown } | null)?.serviceId === 'string' &&
      Number.isSafeInteger((c as { lastSeq?: unknown }).lastSeq) &&
      (c as { lastSeq: number }).lastSeq > 0,
  );
  return valid.length === counters.length ? valid : undefined;
}

/** A centre's configuration-signing key, as a heartbeat reply may carry it. */
export function isConfigKey(value: unknown): value is ConfigKey {
  const key = value as Partial<Record<keyof ConfigKey, unknown>> | null;
  return typeof key?.algorithm === 'string' && typeof key.publicKey === 'string';
}
