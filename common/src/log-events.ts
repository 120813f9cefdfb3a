/**
 * The one catalogue of log events. Every log line the agent or the centre writes names an
 * id from here; docs/log-events.md is generated from it (`npm run docs:log-events`).
 * Fields carry ids, counts, kinds and durations only, never personal data.
 */
export type LogEventType = 'system' | 'device' | 'resident-session' | 'queue' | 'sync' | 'central';

export interface LogEventSpec {
  readonly type: LogEventType;
  readonly level: 'info' | 'warn' | 'error';
  readonly meaning: string;
}

export const LOG_EVENTS = {
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
  'agent.unexpected-error': {
    type: 'system',
    level: 'error',
    meaning: 'An error nothing expected reached the top of the agent; it keeps running.',
  },
  'agent.start-failed': {
    type: 'system',
    level: 'error',
    meaning:
      'The agent could not start (reason: database, its file was refused; listen, the port is in use; restart, a restart to apply remote configuration failed).',
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
  'device.health-poll-failed': {
    type: 'device',
    level: 'warn',
    meaning: 'A device health poll failed unexpectedly; polling goes on at the next interval.',
  },
  'device.opened': { type: 'device', level: 'info', meaning: 'A device transport was opened.' },
  'device.error': {
    type: 'device',
    level: 'warn',
    meaning: 'A device operation failed; the connection is rebuilt on the next use.',
  },
  'device.id-card.read-started': {
    type: 'device',
    level: 'info',
    meaning: 'A card was found and the reader started reading it.',
  },
  'device.id-card.read-finished': {
    type: 'device',
    level: 'info',
    meaning: 'A card read finished (outcome: ok or the failure kind). No card fields are logged.',
  },
  'device.id-card.watch-changed': {
    type: 'device',
    level: 'info',
    meaning:
      'The agent started or stopped reading the ID-card reader (watching: a kiosk session is on the card step and listens to the event stream).',
  },
  'device.id-card.watch-failed': {
    type: 'device',
    level: 'warn',
    meaning: 'A card-watch poll failed unexpectedly; watching goes on at the next interval.',
  },
  'device.id-card.frame-invalid': {
    type: 'device',
    level: 'warn',
    meaning: 'The reader sent a frame that failed to decode (bad header, length or checksum).',
  },
  'device.id-card.reply-discarded': {
    type: 'device',
    level: 'info',
    meaning:
      'The reader dropped a reply frame that answered no waiting command (late after a timeout, unsolicited, or shaped for another command): reason, the awaited command, SW3 and length only.',
  },
  'device.printer.print-started': {
    type: 'device',
    level: 'info',
    meaning: 'A receipt print job started.',
  },
  'device.printer.print-finished': {
    type: 'device',
    level: 'info',
    meaning: 'A receipt print job finished (outcome: ok or the printer status that stopped it).',
  },
  'device.printer.print-withheld': {
    type: 'device',
    level: 'warn',
    meaning:
      'A retried ticket request did not print its slip again: a print of it was cut short (state failed) or its outcome was lost in a crash (state printing). Staff can reprint it.',
  },
  'device.caller.key': {
    type: 'device',
    level: 'info',
    meaning:
      'A counter caller keypad sent a key: its bus address, counter, the queue action and whether it changed anything (the caller beeps when not).',
  },
  'device.caller.key-refused': {
    type: 'device',
    level: 'warn',
    meaning:
      'A caller key frame named no known key or confirm code, or came from an address mapped to no counter; the caller beeps.',
  },
  'device.caller.silent': {
    type: 'device',
    level: 'warn',
    meaning:
      'A counter caller missed several polls in a row (switched off, cable cut, wrong address); the others are polled as before.',
  },
  'device.caller.answering': {
    type: 'device',
    level: 'info',
    meaning: 'A counter caller that had gone silent answers its polls again.',
  },
  'device.caller.round-failed': {
    type: 'device',
    level: 'error',
    meaning:
      "A polling round of the caller keypads' bus failed unexpectedly (e.g. the queue's database under a key); the next round runs as usual.",
  },
  'device.led.write-failed': {
    type: 'device',
    level: 'warn',
    meaning:
      "Writing a counter's LED display failed (port missing, text the display's encoding cannot carry): the address and the reason.",
  },
  'device.speech.spoken': {
    type: 'device',
    level: 'info',
    meaning:
      'A call was announced through the speech engine: counter, how many times, and how long synthesis and playback took; never more than the ticket number.',
  },
  'device.speech.failed': {
    type: 'device',
    level: 'warn',
    meaning:
      'Announcing a call failed (speech engine missing, no audio output, engine error): the kind; the call itself stands.',
  },
  'device.speech.dropped': {
    type: 'device',
    level: 'warn',
    meaning:
      'Calls came faster than they could be spoken and the oldest waiting announcement was dropped.',
  },
  'device.scanner.code-scanned': {
    type: 'device',
    level: 'info',
    meaning:
      'The code scanner sent a code that passed the checks: symbology, length and whether a kiosk session wanted it (delivered); never the text.',
  },
  'device.scanner.code-rejected': {
    type: 'device',
    level: 'warn',
    meaning:
      'The code scanner sent a line that failed the checks (reason: empty, too-long, control-character, not-utf8, line-too-long; the symbology when known; delivered); never its bytes.',
  },
  'device.scanner.watch-changed': {
    type: 'device',
    level: 'info',
    meaning:
      'Scanned codes started or stopped going to the kiosk (watching: a kiosk session wants a code and listens to the event stream).',
  },
  'device.status-changed': {
    type: 'device',
    level: 'info',
    meaning:
      'A device status change was confirmed (two equal readings; recovery at once), e.g. printer ready -> no-paper.',
  },
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
      "A resident's application was committed for the community back office: service and reference only, never an answer.",
  },
  'application.refused': {
    type: 'resident-session',
    level: 'warn',
    meaning:
      'An application was refused (service, reason and the question concerned); never an answer or an ID field.',
  },
  'application.slip-printed': {
    type: 'resident-session',
    level: 'info',
    meaning: "An application's confirmation slip was printed, or why not (reference, outcome).",
  },
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
    meaning: 'Technician mode ended: the technician left (exit) or it was idle too long (idle).',
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
    meaning: 'A resident pressed 呼叫工作人员 (call staff).',
  },
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
      'The agent could not start with the current configuration document (reason: invalid or start-failed) and went back to the previous one (to: its version, 0 for the local files only).',
  },
  'agent.remote-config-fetch-failed': {
    type: 'sync',
    level: 'warn',
    meaning:
      'The centre said a newer configuration is available but fetching or keeping it failed (kind: network, http, internal); the next heartbeat tries again. Kind key-file: the centre key from the enrolment reply could not be written, so documents are refused until it is.',
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

export type LogEventId = keyof typeof LOG_EVENTS;
