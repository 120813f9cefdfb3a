import type { LogEventSpec } from './spec.js';

/** A resident's session at the kiosk, the applications it submits and the guides it prints. */
export const RESIDENT_EVENTS = {
  'session.started': {
    type: 'resident-session',
    level: 'info',
    meaning: 'A resident started a flow on the kiosk.',
  },
  'session.ended': {
    type: 'resident-session',
    level: 'info',
    meaning:
      'A resident session ended (reason: finished, cancelled or timeout); its data was wiped.',
  },
  'application.submitted': {
    type: 'resident-session',
    level: 'info',
    meaning:
      "A resident's application was committed for the community back office with its usage event (logged once, when the event commits: a retry that finds it missing records it then): service and reference only, never an answer.",
  },
  'application.refused': {
    type: 'resident-session',
    level: 'warn',
    meaning:
      'An application was refused (service, reason and the question concerned; for a request-conflict, a request id that already submitted one, the field that differs, serviceId or content, and the reference it has); never an answer or an ID field.',
  },
  'application.slip-printed': {
    type: 'resident-session',
    level: 'info',
    meaning: "An application's confirmation slip was printed, or why not (reference, outcome).",
  },
  'guide.slip-printed': {
    type: 'resident-session',
    level: 'info',
    meaning: 'A service guide was printed, or why not (service id, outcome).',
  },
} as const satisfies Record<string, LogEventSpec>;
