import type { LogEventSpec } from './spec.js';

/** The device agent itself: starting, stopping, its requests, the kiosk it serves and its event stream. */
export const AGENT_EVENTS = {
  'agent.started': { type: 'system', level: 'info', meaning: 'The device agent is listening.' },
  'agent.stopped': { type: 'system', level: 'info', meaning: 'The device agent shut down.' },
  'agent.clock-unset': {
    type: 'system',
    level: 'warn',
    meaning:
      "The terminal's clock is before the software's build date (a dead clock battery, no time sync): events are still kept and the centre dates them on receipt; set the clock or enable time sync.",
  },
  'agent.search-initials-failed': {
    type: 'system',
    level: 'warn',
    meaning:
      "Making the catalogue's pinyin initials failed; residents can still search by characters.",
  },
  'agent.ticket-counters-recovered': {
    type: 'system',
    level: 'info',
    meaning:
      "A new terminal database file began today: its ticket numbers go on from the centre's counts (source centre, with the number of services), or from 501 because the centre did not answer in time (source range, with the reason).",
  },
  'agent.config-invalid': {
    type: 'system',
    level: 'error',
    meaning:
      'The agent refused to start: its configuration files or environment variables failed validation.',
  },
  'agent.request-rejected': {
    type: 'system',
    level: 'warn',
    meaning:
      'The agent refused a request (400 schema or JSON, 413, 415): route, status, reason and, for a schema error, the field; never a value.',
  },
  'agent.request-refused': {
    type: 'system',
    level: 'warn',
    meaning:
      "A request to the kiosk's, the technician's or the development routes came from another machine (the hall's network) and was refused (403): those answer the kiosk on this terminal only.",
  },
  'agent.unexpected-error': {
    type: 'system',
    level: 'error',
    meaning: 'An error nothing expected reached the top of the agent; it keeps running.',
  },
  'agent.start-failed': {
    type: 'system',
    level: 'error',
    meaning:
      'The agent could not start (reason: build, a file it needs was refused, such as its database written by a newer release, a damaged terminal key or an invalid technicians.json, with the message on stderr; listen, the port is in use; restart, a restart to apply remote configuration failed).',
  },
  'agent.kiosk-ui-missing': {
    type: 'system',
    level: 'warn',
    meaning:
      'The kiosk UI is not built, so the agent answers its pages with how to build it (`npm run build --workspace kiosk-ui`).',
  },
  'agent.event-stream-opened': {
    type: 'system',
    level: 'info',
    meaning: 'A kiosk subscribed to the event stream (subscribers: how many now).',
  },
  'agent.notices-changed': {
    type: 'system',
    level: 'info',
    meaning:
      'The emergency warnings and announcements on the home screen changed: published, started or expired (counts, and the highest warning level shown).',
  },
  'agent.event-stream-closed': {
    type: 'system',
    level: 'info',
    meaning:
      'An event-stream subscriber left (closed, too slow to keep up, or the agent shut down).',
  },
} as const satisfies Record<string, LogEventSpec>;
