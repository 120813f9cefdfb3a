import type { LogEventSpec } from './spec.js';

/** The terminal's devices: the ID-card reader, the printer, the counters' callers, LED displays and speech, the scanner, and their health. */
export const DEVICE_EVENTS = {
  'device.health-poll-failed': {
    type: 'device',
    level: 'warn',
    meaning:
      "A device's health probe failed unexpectedly (the device, and the error's code or name); the other devices are still read and polling goes on at the next interval.",
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
      'A caller key frame named no known key or confirm code, or came from an address mapped to no counter or to one services.json does not list (reason no-counter, with that counter); the caller beeps.',
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
  'device.speech.read-aloud-failed': {
    type: 'device',
    level: 'warn',
    meaning:
      "The kiosk's read-aloud through the agent's voice (its browser has none for the language) could not be said (espeak-ng missing, no audio output): the voice and the language, never the text; logged again only after it worked.",
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
  'device.status-record-failed': {
    type: 'device',
    level: 'warn',
    meaning:
      'The outbox refused a confirmed device change (storage full, read-only or failing: the SQLite code): the kiosk and /healthz show it all the same, and the change waits in memory, with the others after it, to be written at the first health poll the outbox takes it. Logged once per outage.',
  },
  'device.status-recorded-late': {
    type: 'device',
    level: 'info',
    meaning:
      'Device changes the outbox had refused were written, oldest first and stamped with when they happened (count; dropped: the oldest beyond 1000 waiting, lost to a long outage).',
  },
} as const satisfies Record<string, LogEventSpec>;
