import type { LogEventSpec } from './spec.js';

/** The counters: their requests, staff sign-in and calls for staff. */
export const COUNTER_EVENTS = {
  'queue.counter-request-refused': {
    type: 'queue',
    level: 'warn',
    meaning:
      "A request to the counters' API came from outside this machine and the configured counter networks, and was refused (403).",
  },
  'queue.counter-signed-in': {
    type: 'queue',
    level: 'info',
    meaning: 'Counter staff signed in to a counter with its PIN (the counter number only).',
  },
  'queue.counter-sign-in-refused': {
    type: 'queue',
    level: 'warn',
    meaning:
      'A counter sign-in was refused: wrong PIN (with the lock-out it started), locked out, or no PIN set for the counter.',
  },
  'queue.counter-signed-out': {
    type: 'queue',
    level: 'info',
    meaning: 'Counter staff signed out of a counter.',
  },
  'queue.staff-called': {
    type: 'queue',
    level: 'info',
    meaning:
      "A resident pressed 呼叫工作人员 (call staff): the counters' consoles show it and chime until one answers. counted false: storage was faulted (a full disk), so its staff.called usage event was not recorded; the consoles were told all the same.",
  },
  'queue.staff-call-answered': {
    type: 'queue',
    level: 'info',
    meaning:
      "Counter staff answered a resident's call for staff (我去处理): the counter, and the kiosk screen the call came from.",
  },
} as const satisfies Record<string, LogEventSpec>;
