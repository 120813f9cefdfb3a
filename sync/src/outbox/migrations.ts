import { randomUUID } from 'node:crypto';
import { DurationMs, LEGACY_EPOCH, statesOf } from '@bianmin/contract';
import type { Migration } from '@bianmin/common/sqlite';

/** The contract's longest duration (DurationMs). */
const MAX_DURATION_MS = (DurationMs as { maximum?: number }).maximum ?? 86_400_000;

/**
 * The outbox's schema steps. The outbox lives in the terminal's database file, whose one
 * ordered list (device-agent/src/queue/terminal-database.ts) places these among the other
 * parts' steps; a new step goes at the end of both lists.
 */

/** As the code before versioned migrations created them: files in the field already hold them. */
export const createOutboxTables: Migration = {
  name: 'outbox tables',
  up: (db) =>
    db.exec(`
      CREATE TABLE IF NOT EXISTS outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        type TEXT NOT NULL,
        payload TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS outbox_ack (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        acked_up_to INTEGER NOT NULL
      );
      INSERT OR IGNORE INTO outbox_ack (id, acked_up_to) VALUES (1, 0);
    `),
};

/**
 * Events queued before prioritySource left the protocol still carry it: the centre would
 * refuse them on every retry and block the queue, and whether a resident declared a
 * disability should not stay on disk either. The centre rewrites its copies the same way, so
 * a resent event still matches the stored one and is not a conflict.
 */
export const dropQueuedPrioritySource: Migration = {
  name: 'drop prioritySource from queued ticket events',
  up: (db) =>
    db.exec(`
      UPDATE outbox SET payload = json_remove(payload, '$.prioritySource')
      WHERE type = 'ticket.issued' AND json_type(payload, '$.prioritySource') IS NOT NULL
    `),
};

/**
 * Before the device registry, the reader's health state was whatever its probe's error kind
 * was, and a few of those (no-card, card-unreadable, card-data-invalid) are not registry
 * states: the centre would refuse such a queued event on every retry and block every event
 * behind it. Only events the centre has not acknowledged are rewritten, so a resend of one it
 * holds never conflicts.
 */
export const mapQueuedReaderStates: Migration = {
  name: 'map queued reader states outside the device registry to reader-fault',
  up: (db) => {
    const known = statesOf('idCardReader');
    db.prepare(
      `UPDATE outbox SET payload = json_set(payload, '$.state', 'reader-fault')
       WHERE type = 'device.status-changed'
         AND json_extract(payload, '$.device') = 'idCardReader'
         AND json_extract(payload, '$.state') NOT IN (${known.map(() => '?').join(', ')})
         AND seq > (SELECT acked_up_to FROM outbox_ack WHERE id = 1)`,
    ).run(...known);
  },
};

/**
 * The outbox's epoch (contract: OutboxEpochSchema), made with the file: a file created anew
 * (the old one lost or replaced) gets a random one, so its seqs restarting at 1 are new
 * events to the centre rather than conflicts. A file upgraded after assigning seqs keeps the
 * legacy epoch, under which the centre already holds its events.
 */
export const addOutboxEpoch: Migration = {
  name: 'outbox epoch',
  up: (db) => {
    db.exec(`
      CREATE TABLE IF NOT EXISTS outbox_meta (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        epoch TEXT NOT NULL
      )`);
    db.prepare(
      `INSERT OR IGNORE INTO outbox_meta (id, epoch) SELECT 1, CASE
         WHEN EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'outbox' AND seq > 0) THEN ?
         ELSE ? END`,
    ).run(LEGACY_EPOCH, randomUUID());
  },
};

/**
 * A service time measured across a clock step forward could be longer than the day the
 * contract allows (toWirePayload now clamps it): the centre refuses such a queued event on
 * every retry and blocks every event behind it. Clamped the same way; only events the centre
 * has not acknowledged (it never stored one of these).
 */
export const clampQueuedServiceTimes: Migration = {
  name: 'clamp queued service times to a day',
  up: (db) =>
    db
      .prepare(
        `UPDATE outbox SET payload = json_set(payload, '$.serviceMs', :max)
         WHERE type = 'queue.done'
           AND json_extract(payload, '$.serviceMs') > :max
           AND seq > (SELECT acked_up_to FROM outbox_ack WHERE id = 1)`,
      )
      .run({ max: MAX_DURATION_MS }),
};

/** The outbox's steps in order: a file holding only the outbox (sync's own tests) uses this list. */
export const OUTBOX_MIGRATIONS: readonly Migration[] = [
  createOutboxTables,
  dropQueuedPrioritySource,
  mapQueuedReaderStates,
  addOutboxEpoch,
  clampQueuedServiceTimes,
];
