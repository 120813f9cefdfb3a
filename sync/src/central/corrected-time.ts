/**
 * The event's time on the centre's clock: received - (sent - created). A terminal whose
 * clock is off by hours still measures the age of its own events correctly, so this cancels
 * the offset. Clamped so a clock stepped backwards never dates an event in the future.
 */
export function correctedTime(createdAt: Date, sentAt: Date, receivedAt: Date): Date {
  const age = Math.max(0, sentAt.getTime() - createdAt.getTime());
  return new Date(receivedAt.getTime() - age);
}
