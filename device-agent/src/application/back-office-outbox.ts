import type Database from 'better-sqlite3';
import { err, localDate, ok } from '@bianmin/common';
import type { Migration } from '@bianmin/common/sqlite';
import type { ApplicationConnector, SubmitOptions, SubmittedApplication } from './connector.js';

/**
 * The community back office's outbox (帮办代办): applications wait in their own table of the
 * terminal's database for the community's staff, apart from the usage outbox that goes to
 * the centre (docs/flows.md, "Apply"). Each row carries its own delivery note.
 */
export const createBackOfficeOutbox: Migration = {
  name: 'back-office application outbox',
  up: (db) =>
    db.exec(`
      CREATE TABLE back_office_applications (
        reference TEXT PRIMARY KEY,
        request_id TEXT NOT NULL UNIQUE,
        service_id TEXT NOT NULL,
        day TEXT NOT NULL,
        seq INTEGER NOT NULL,
        submitted_at TEXT NOT NULL,
        application TEXT NOT NULL,
        delivery TEXT NOT NULL DEFAULT 'waiting-for-back-office',
        delivered_at TEXT,
        UNIQUE (day, seq)
      );
    `),
};

/** What the confirmation says: true today, where the application is and who takes it. */
const BACK_OFFICE_DESTINATION = {
  name: '社区便民服务中心（帮办代办）',
  description:
    '申请已保存在本自助终端，等待社区帮办代办工作人员接收受理；没有交到省、市网上办事平台。',
} as const;

interface Row {
  reference: string;
  service_id: string;
  submitted_at: string;
  fingerprint: string | null;
}

/**
 * On the day a database file begins, references start here (SQ-…-5001), above any a lost file
 * can have given that day, as tickets do from 501 (docs/architecture.md, "Where data lives").
 */
const NEW_DATABASE_FIRST_SEQ = 5001;

const reference = (day: string, seq: number) =>
  `SQ-${day.replaceAll('-', '')}-${String(seq).padStart(4, '0')}`;

/**
 * The default connector: commits each application to `back_office_applications` in one
 * transaction with its reference, numbered per terminal per day (SQ-20261126-0007), and with
 * whatever `committing` writes (its usage event).
 */
export function createBackOfficeOutboxConnector(
  db: Database.Database,
  options: { timeZone: string; now: () => Date },
): ApplicationConnector {
  const byRequest = db.prepare<[string], Row>(
    `SELECT reference, service_id, submitted_at, fingerprint
     FROM back_office_applications WHERE request_id = ?`,
  );
  const lastSeq = db.prepare<[string], { last: number | null }>(
    'SELECT MAX(seq) AS last FROM back_office_applications WHERE day = ?',
  );
  const insert = db.prepare(
    `INSERT INTO back_office_applications
       (reference, request_id, service_id, day, seq, submitted_at, application, fingerprint)
     VALUES (@reference, @requestId, @serviceId, @day, @seq, @submittedAt, @application,
             @fingerprint)`,
  );
  const birth = db
    .prepare<[], { created_at: string | null }>(
      'SELECT created_at FROM database_birth WHERE id = 1',
    )
    .get()?.created_at;
  const birthDay = birth ? localDate(new Date(birth), options.timeZone) : null;
  const found = (row: Row): SubmittedApplication => ({
    reference: row.reference,
    serviceId: row.service_id,
    submittedAt: row.submitted_at,
    fingerprint: row.fingerprint,
  });

  const insertNew = (
    requestId: string,
    serviceId: string,
    application: string,
    fingerprint: string,
  ): SubmittedApplication => {
    const at = options.now();
    const day = localDate(at, options.timeZone);
    const last = lastSeq.get(day)?.last ?? null;
    const seq = last === null ? (day === birthDay ? NEW_DATABASE_FIRST_SEQ : 1) : last + 1;
    const submittedAt = at.toISOString();
    const submitted = { reference: reference(day, seq), serviceId, submittedAt, fingerprint };
    insert.run({ ...submitted, requestId, day, seq, application });
    return submitted;
  };
  const commit = db.transaction(
    (requestId: string, serviceId: string, application: string, submit: SubmitOptions) => {
      const existing = byRequest.get(requestId);
      const submitted = existing
        ? found(existing)
        : insertNew(requestId, serviceId, application, submit.fingerprint);
      submit.committing(submitted);
      return submitted;
    },
  );

  return {
    destination: BACK_OFFICE_DESTINATION,
    find: async (requestId) => {
      const row = byRequest.get(requestId);
      return row && found(row);
    },
    submit: async (application, submit) => {
      try {
        const { requestId, serviceId } = application;
        return ok(commit(requestId, serviceId, JSON.stringify(application), submit));
      } catch (error) {
        return err({
          kind: 'unavailable',
          detail: error instanceof Error ? error.name : 'unknown',
        });
      }
    },
  };
}
