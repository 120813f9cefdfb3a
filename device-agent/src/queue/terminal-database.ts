import type Database from 'better-sqlite3';
import type { Result } from '@bianmin/common';
import { openDatabase, type DatabaseOpenError, type Migration } from '@bianmin/common/sqlite';
import {
  addOutboxEpoch,
  clampQueuedServiceTimes,
  createOutboxTables,
  dropQueuedPrioritySource,
  mapQueuedReaderStates,
} from '@bianmin/sync/outbox';
import { createServiceTimeMark } from '../service-time/index.js';
import {
  addTicketPrintState,
  createTicketTables,
  recordCountersFromCentre,
  recordDatabaseBirth,
} from './ticket-store.js';
import { addQueueStates } from './queue-tables.js';
import { createBackOfficeOutbox } from '../application/back-office-outbox.js';
import { createApplicationUsage } from '../application/usage.js';
import { addApplicationFingerprints } from '../application/request-fingerprint.js';
import { createTechnicianAuditLog } from '../technician/audit-log.js';

/**
 * Every schema step of the terminal's database file, in the one order its user_version
 * counts: the outbox's steps (sync) and the queue's (this package) interleaved as they
 * shipped. Append only; a part adding a step also adds it to its own list.
 */
export const TERMINAL_MIGRATIONS: readonly Migration[] = [
  createOutboxTables, // 1
  createTicketTables, // 2
  dropQueuedPrioritySource, // 3
  mapQueuedReaderStates, // 4
  addTicketPrintState, // 5
  recordDatabaseBirth, // 6
  addOutboxEpoch, // 7
  createServiceTimeMark, // 8
  addQueueStates, // 9
  recordCountersFromCentre, // 10
  createBackOfficeOutbox, // 11
  createTechnicianAuditLog, // 12
  createApplicationUsage, // 13
  addApplicationFingerprints, // 14
  clampQueuedServiceTimes, // 15
];

/** Opens the terminal's SQLite file (creating it if needed) with every table up to date. */
export function openTerminalDatabase(path: string): Result<Database.Database, DatabaseOpenError> {
  return openDatabase(path, { migrations: TERMINAL_MIGRATIONS });
}
