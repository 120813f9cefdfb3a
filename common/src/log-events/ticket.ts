import type { LogEventSpec } from './spec.js';

/** Queue tickets: issued and reprinted at the kiosk, and closed at the day's end. */
export const TICKET_EVENTS = {
  'queue.ticket-issued': {
    type: 'queue',
    level: 'info',
    meaning: 'A queue ticket was issued and its usage event committed to the outbox.',
  },
  'queue.ticket-reprint-requested': {
    type: 'queue',
    level: 'info',
    meaning: "An explicit reprint of a ticket's slip was accepted and sent to the printer.",
  },
  'queue.day-closed': {
    type: 'queue',
    level: 'info',
    meaning:
      'Tickets of a past day still open (waiting, called, serving or held) were closed, each with its queue.closed outbox event.',
  },
  'queue.day-close-failed': {
    type: 'queue',
    level: 'error',
    meaning: "Closing a past day's open tickets failed; the next check tries again.",
  },
} as const satisfies Record<string, LogEventSpec>;
