import { TIMESTAMP_FLOOR } from '@bianmin/contract';

/**
 * The event's time on the centre's clock: received - (sent - created). A terminal whose
 * clock is off by hours still measures the age of its own events correctly, so this cancels
 * the offset. Clamped so a clock stepped backwards never dates an event in the future.
 */
export function correctedTime(createdAt: Date, sentAt: Date, receivedAt: Date): Date {
  const age = Math.max(0, sentAt.getTime() - createdAt.getTime());
  return new Date(receivedAt.getTime() - age);
}

const FLOOR_MS = Date.parse(TIMESTAMP_FLOOR);

export interface EventTime {
  at: Date;
  /** The terminal's clock was not set when the event was made; `at` is the receipt time. */
  uncertain: boolean;
}

/**
 * The time an event is counted at. An event stamped before the clock was set (its corrected
 * time falls before the build-date floor) is still stored and counted, at the time the centre
 * received it and flagged as uncertain: refusing it would block the terminal's outbox behind
 * it for ever, and nothing committed may be lost.
 */
export function eventTime(createdAt: Date, sentAt: Date, receivedAt: Date): EventTime {
  const time = eventTimeMs(createdAt.getTime(), sentAt.getTime(), receivedAt.getTime());
  return { at: time.uncertain ? receivedAt : new Date(time.atMs), uncertain: time.uncertain };
}

/** eventTime in milliseconds since the epoch, for the ingest's per-event loop. */
export function eventTimeMs(
  createdMs: number,
  sentMs: number,
  receivedMs: number,
): { atMs: number; uncertain: boolean } {
  const corrected = receivedMs - Math.max(0, sentMs - createdMs);
  if (corrected < FLOOR_MS) return { atMs: receivedMs, uncertain: true };
  return { atMs: corrected, uncertain: false };
}
