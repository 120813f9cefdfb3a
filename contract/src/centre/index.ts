/** The wire contract between a terminal's uploader and the central service. */
export * from './events.js';
export * from './heartbeat.js';
export * from './terminals.js';
export * from './service-time.js';
export * from './presence.js';
export * from './signature.js';
export * from './enrolment.js';
export * from './coverage.js';
export * from './monitoring.js';
export * from './ticket-counters.js';
export * from './warnings.js';
export * from './remote-config.js';
