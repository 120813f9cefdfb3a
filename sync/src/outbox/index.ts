export { createOutbox, type Outbox, type OutboxEventInput } from './outbox.js';
export {
  OUTBOX_MIGRATIONS,
  createOutboxTables,
  dropQueuedPrioritySource,
  mapQueuedReaderStates,
  addOutboxEpoch,
  clampQueuedServiceTimes,
} from './migrations.js';
