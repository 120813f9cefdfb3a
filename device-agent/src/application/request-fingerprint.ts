import { createHmac } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Migration } from '@bianmin/common/sqlite';
import type { ApplicationRequest } from '@bianmin/contract';

/**
 * A fingerprint per application of the request it came from, so a retry under the same
 * request id can be told from a submission with other content. The key is random, made with
 * the file and never leaves it: the answers are personal data and a few of them (a phone
 * number, a choice) are a small space to search, so a plain hash of them could be reversed
 * by guessing; without the key it cannot. Applications from before this step have none.
 */
export const addApplicationFingerprints: Migration = {
  name: 'application request fingerprints',
  up: (db) =>
    db.exec(`
      ALTER TABLE back_office_applications ADD COLUMN fingerprint TEXT;
      CREATE TABLE application_fingerprint_key (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        key BLOB NOT NULL
      );
      INSERT INTO application_fingerprint_key (id, key) VALUES (1, randomblob(32));
    `),
};

/**
 * HMAC-SHA256 of what a request asks for: the service, the identity as sent (a typed number,
 * or the handle of the card read, since a card's name and number are spent by the commit)
 * and every answer, in a fixed order whatever order the answers came in.
 */
export function createRequestFingerprint(
  db: Database.Database,
): (request: ApplicationRequest) => string {
  const key = db
    .prepare<[], Buffer>('SELECT key FROM application_fingerprint_key WHERE id = 1')
    .pluck()
    .get();
  if (!key) throw new Error('the terminal database has no application fingerprint key');
  return (request) => {
    const answers = Object.entries(request.answers).sort(([a], [b]) => (a < b ? -1 : 1));
    const { identity } = request;
    const who = identity.source === 'card' ? identity.readId : identity.idNumber;
    const content = JSON.stringify([request.serviceId, identity.source, who, answers]);
    return createHmac('sha256', key).update(content).digest('hex');
  };
}
