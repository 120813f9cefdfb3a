import type Database from 'better-sqlite3';
import type { Migration } from '@bianmin/common/sqlite';
import type { Outbox } from '@bianmin/sync/outbox';
import type { SubmittedApplication } from './connector.js';

/**
 * Which applications have their `application.submitted` usage event in the outbox. The centre
 * tells events apart by their outbox seq only, so an event recorded twice is counted twice:
 * this table is what makes recording it again a no-op. It outlives the outbox's pruning.
 *
 * A file upgraded to it marks every application it already holds as recorded: the code before
 * recorded each event right after its application (rarely failing in between), and an event
 * the outbox has since pruned cannot be told from one never written, so counting none again
 * is the side that never inflates the centre's figures.
 */
export const createApplicationUsage: Migration = {
  name: 'application usage events',
  up: (db) =>
    db.exec(`
      CREATE TABLE application_usage (reference TEXT PRIMARY KEY);
      INSERT INTO application_usage (reference) SELECT reference FROM back_office_applications;
    `),
};

type UsageFacts = Pick<SubmittedApplication, 'reference' | 'serviceId' | 'submittedAt'>;

/**
 * Records an application's usage event once (service, reference and time; nothing the
 * resident said). Inside a transaction, as the back office's commit runs it, it commits or
 * rolls back with the application; called on its own, it is its own transaction.
 */
export function createApplicationUsageLog(db: Database.Database, outbox: Outbox) {
  const recorded = db
    .prepare<[string], number>('SELECT 1 FROM application_usage WHERE reference = ?')
    .pluck();
  const mark = db.prepare<[string]>('INSERT INTO application_usage (reference) VALUES (?)');
  return {
    /** True when the event was recorded now, false when it already was. */
    record: db.transaction((submitted: UsageFacts): boolean => {
      const { reference, serviceId, submittedAt } = submitted;
      if (recorded.get(reference) !== undefined) return false;
      outbox.append({
        type: 'application.submitted',
        payload: { serviceId, reference, submittedAt },
      });
      mark.run(reference);
      return true;
    }),
  };
}

export type ApplicationUsageLog = ReturnType<typeof createApplicationUsageLog>;
