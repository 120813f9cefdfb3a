import type { LogEventSpec } from './spec.js';

/** The technician screen: sign-in, actions and its audit trail. */
export const TECHNICIAN_EVENTS = {
  'technician.signed-in': {
    type: 'system',
    level: 'info',
    meaning:
      'A technician entered technician mode on the terminal (account id, role, and method: pin or card; docs/technician.md).',
  },
  'technician.sign-in-refused': {
    type: 'system',
    level: 'warn',
    meaning:
      "A technician sign-in was refused (reason: wrong-pin, unknown-card, locked, mode-off, or a card wait that read none: no-card, unreadable, reader-busy, reader-offline, cancelled, no-cards; and the lock in seconds). Never the PIN, nor the card's number or name.",
  },
  'technician.signed-out': {
    type: 'system',
    level: 'info',
    meaning:
      'Technician mode ended: the technician left (exit), it was idle too long (idle), or a new sign-in ended it while in use (replaced). An idle session nobody asked for again is recorded at the next sign-in.',
  },
  'technician.action': {
    type: 'system',
    level: 'info',
    meaning:
      "A technician's action in technician mode: who (account id), what (action, device) and the outcome; never a resident's data.",
  },
  'technician.request-refused': {
    type: 'system',
    level: 'warn',
    meaning:
      'A technician route was called without a session (401) or by a role that may not (403).',
  },
  'technician.audit-write-failed': {
    type: 'system',
    level: 'error',
    meaning:
      "A technician audit entry could not be written to the terminal database (storage faulted); the entry's own log line was written.",
  },
} as const satisfies Record<string, LogEventSpec>;
