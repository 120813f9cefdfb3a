import type { LogEventSpec } from './spec.js';

/** The central service: ingest, configuration, terminals' enrolment and monitoring accounts. */
export const CENTRAL_EVENTS = {
  'central.started': {
    type: 'central',
    level: 'info',
    meaning: 'The central service is listening (storage: sqlite or postgres).',
  },
  'central.stopped': { type: 'central', level: 'info', meaning: 'The central service shut down.' },
  'central.database-connection-lost': {
    type: 'central',
    level: 'warn',
    meaning:
      'An idle connection to the PostgreSQL database failed; it is dropped and the next query opens another.',
  },
  'central.config-invalid': {
    type: 'central',
    level: 'error',
    meaning:
      'The central service refused to start: its configuration files or environment variables failed validation.',
  },
  'central.events-ingested': {
    type: 'central',
    level: 'info',
    meaning: 'A batch of terminal events was stored (counts of new and duplicate events).',
  },
  'central.events-lost': {
    type: 'central',
    level: 'warn',
    meaning:
      'A terminal no longer holds events this centre lacks (the centre was restored from a backup older than the terminal keeps acknowledged events): they are given up on.',
  },
  'central.config-published': {
    type: 'central',
    level: 'info',
    meaning:
      'An administrator published configuration for a scope (region:<code> or terminal:<id>): the parts it set and the version it took (docs/remote-config.md).',
  },
  'central.config-release-refused': {
    type: 'central',
    level: 'warn',
    meaning:
      'A configuration release was refused before anything was stored: its content fails the configuration validators (where names the first problem).',
  },
  'central.config-sent': {
    type: 'central',
    level: 'info',
    meaning:
      "A terminal fetched its signed configuration document: the document's version and the one the terminal runs.",
  },
  'central.ticket-counters-sent': {
    type: 'central',
    level: 'info',
    meaning:
      'A terminal whose database file was replaced asked how far its queues had counted today; the centre answered from the ticket events it holds (the number of services).',
  },
  'central.presence-sweep-failed': {
    type: 'central',
    level: 'warn',
    meaning:
      "Deciding terminals' presence failed; the presence shown stays as last decided and the next sweep tries again.",
  },
  'central.usage-rollup-failed': {
    type: 'central',
    level: 'warn',
    meaning:
      'Rolling newly delivered events up into the usage and 好差评 counts failed; the monitoring tables lag until the next run, which starts where this one stopped.',
  },
  'central.service-time-failed': {
    type: 'central',
    level: 'warn',
    meaning:
      "Counting a terminal's stored service time towards its community failed; it is tried again at its next heartbeat.",
  },
  'central.request-rejected': {
    type: 'central',
    level: 'warn',
    meaning:
      'The centre refused a request: schema validation (400, with the field), unreadable JSON, a wrong media type or size, a sequence conflict (409: a reused seq with different content; the events stay on the terminal), or a signature or enrolment refusal (401/403, reason as in docs/protocol.md, with the terminal id the request claimed).',
  },
  'central.terminal-created': {
    type: 'central',
    level: 'info',
    meaning: 'An administrator created a terminal and its first enrolment token.',
  },
  'central.enrolment-token-issued': {
    type: 'central',
    level: 'info',
    meaning:
      'An administrator issued a new enrolment token for a terminal (older unused ones stop working).',
  },
  'central.terminal-enrolled': {
    type: 'central',
    level: 'info',
    meaning: 'A terminal used its enrolment token to register its public key (algorithm named).',
  },
  'central.terminal-revoked': {
    type: 'central',
    level: 'warn',
    meaning:
      "An administrator revoked a terminal's key: the centre refuses its requests from now on.",
  },
  'central.account-created': {
    type: 'central',
    level: 'info',
    meaning: 'An administrator created a monitoring account (user name, role and region).',
  },
  'central.login': {
    type: 'central',
    level: 'info',
    meaning: 'A monitoring account logged in (user name).',
  },
  'central.login-refused': {
    type: 'central',
    level: 'warn',
    meaning:
      'A monitoring login was refused: wrong user name or password, or locked after repeated failures (reason; never the password).',
  },
} as const satisfies Record<string, LogEventSpec>;
