export { createOutbox, type Outbox, type OutboxEventInput } from './outbox.js';
export { openTerminalDatabase } from './database.js';
