import type { Migration } from '@bianmin/common/sqlite';

/**
 * The one interval not yet sent: its state, its start, and when the agent was last known
 * running. After a restart the time from alive_at to the start is reported as off.
 */
export const createServiceTimeMark: Migration = {
  name: 'service time mark',
  up: (db) =>
    db.exec(`
      CREATE TABLE IF NOT EXISTS service_time_mark (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        state TEXT NOT NULL,
        since TEXT NOT NULL,
        alive_at TEXT NOT NULL
      )`),
};
