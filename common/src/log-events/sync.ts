import type { LogEventSpec } from './spec.js';

/** The terminal's link to the centre: uploads, heartbeats, remote configuration, enrolment and the outbox. */
export const SYNC_EVENTS = {
  'sync.batch-sent': {
    type: 'sync',
    level: 'info',
    meaning: 'The uploader delivered a batch of outbox events and the centre acknowledged it.',
  },
  'sync.batch-failed': {
    type: 'sync',
    level: 'warn',
    meaning:
      'An upload attempt failed; the events stay in the outbox and are retried with backoff.',
  },
  'sync.centre-behind': {
    type: 'sync',
    level: 'warn',
    meaning:
      'The centre holds less of this outbox epoch than it acknowledged (restored from an older backup): the uploader resends the events after its position.',
  },
  'sync.heartbeat-failed': {
    type: 'sync',
    level: 'warn',
    meaning: 'A heartbeat to the centre failed (coalesced: logged on the first failure of a run).',
  },
  'sync.heartbeat-restored': {
    type: 'sync',
    level: 'info',
    meaning: 'Heartbeats reach the centre again after failures.',
  },
  'agent.remote-config-refused': {
    type: 'sync',
    level: 'warn',
    meaning:
      'A configuration document from the centre was refused and the terminal keeps running its current version: reason bad-signature, no-key, other-terminal, other-region, not-newer, malformed or invalid-content (where names the first invalid setting).',
  },
  'agent.remote-config-accepted': {
    type: 'sync',
    level: 'info',
    meaning:
      'A configuration document from the centre was verified and kept: warnings and announcements show at once; applies says whether catalogue, hours or closures wait for the next idle moment (at-idle) or nothing else changed (now).',
  },
  'agent.remote-config-applied': {
    type: 'sync',
    level: 'info',
    meaning:
      "No resident session was in progress, so the agent restarted in place to put the kept document's catalogue, hours and closures into effect.",
  },
  'agent.remote-config-rolled-back': {
    type: 'sync',
    level: 'error',
    meaning:
      'The agent could not start with a kept configuration document (reason: invalid, or start-failed when it starts with the local files alone) and tries the next one (to: its version, 0 for the local files only).',
  },
  'agent.remote-config-fetch-failed': {
    type: 'sync',
    level: 'warn',
    meaning:
      'The centre said a newer configuration is available but fetching it failed (kind: network, http, internal); the next heartbeat tries again. Kind key-file: the centre key from the enrolment reply could not be written, so documents are refused until it is.',
  },
  'agent.remote-config-unchecked': {
    type: 'sync',
    level: 'warn',
    meaning:
      'At start the kept configuration document (version) could not be checked because no centre key is pinned (centre-config-key.json missing or unreadable): the agent runs the local files and keeps the documents for a start with the key back in place.',
  },
  'agent.remote-config-store-failed': {
    type: 'sync',
    level: 'error',
    meaning:
      'The remote-config folder in the data folder could not be changed (a full disk, a read-only file system); step says what: keep (a fetched document, fetched again at the next heartbeat), promote (a document the agent started with, tried first again at the next start) or set-aside (a document it cannot start with, skipped for this start only). The documents there stay as they were.',
  },
  'sync.enrolled': {
    type: 'sync',
    level: 'info',
    meaning:
      'The terminal enrolled with the centre: its new public key is registered and every request is signed with it from now on.',
  },
  'sync.enrolment-failed': {
    type: 'sync',
    level: 'error',
    meaning:
      'Enrolment with the centre failed (reason: the refusal code, e.g. enrolment-token-expired, or network); the terminal retries with each heartbeat and uploads nothing until it succeeds. An expired or used token needs a new one from an administrator.',
  },
  'sync.not-enrolled': {
    type: 'sync',
    level: 'error',
    meaning:
      'The terminal has no enrolled key and no enrolment token (AGENT_ENROLMENT_TOKEN or the enrolment-token file in its data folder): the centre will refuse everything it sends.',
  },
  'sync.signature-refused': {
    type: 'sync',
    level: 'error',
    meaning:
      "The centre refused the terminal's signed request (reason: e.g. terminal-revoked, unknown-terminal, bad-signature, clock-skew); logged when the reason changes.",
  },
  'sync.outbox-prune-failed': {
    type: 'sync',
    level: 'warn',
    meaning:
      'Deleting old acknowledged outbox events failed; nothing is lost and it is tried again the next day.',
  },
  'sync.service-time-failed': {
    type: 'sync',
    level: 'warn',
    meaning:
      "Recording the terminal's service time (in service, device fault, closed, off) failed; the open interval is kept and recorded at the next attempt.",
  },
} as const satisfies Record<string, LogEventSpec>;
