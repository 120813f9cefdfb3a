import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '@bianmin/common/sqlite';
import { makeTempDir, type TempDir } from '@bianmin/common/testing';
import { openTerminalDatabase, TERMINAL_MIGRATIONS } from '../queue/terminal-database.js';
import { addApplicationFingerprints, createRequestFingerprint } from './request-fingerprint.js';

let dir: TempDir;
beforeEach(() => {
  dir = makeTempDir('request-fingerprint');
});
afterEach(() => dir.remove());

const request = {
  requestId: 'apply-card-0001',
  serviceId: 'senior-allowance',
  identity: { source: 'id-number' as const, idNumber: '140902199001080131' },
  answers: { living: 'alone', phone: '13912345678' },
};

function open(file: string) {
  const opened = openTerminalDatabase(file);
  if (!opened.ok) throw new Error(opened.error.message);
  return opened.value;
}

describe('request fingerprints', () => {
  it('stay the same across restarts and whatever order the answers came in', () => {
    const file = join(dir.path, 'terminal.sqlite');
    const db = open(file);
    const before = createRequestFingerprint(db)(request);
    db.close();
    const reopened = open(file);
    const fingerprint = createRequestFingerprint(reopened);
    expect(fingerprint({ ...request, answers: { phone: '13912345678', living: 'alone' } })).toBe(
      before,
    );
    expect(fingerprint({ ...request, answers: { ...request.answers, phone: '' } })).not.toBe(
      before,
    );
    expect(before).not.toContain('13912345678');
    reopened.close();
  });

  it('leave the applications of an upgraded file without one', () => {
    const file = join(dir.path, 'terminal.sqlite');
    const before = TERMINAL_MIGRATIONS.indexOf(addApplicationFingerprints);
    const old = openDatabase(file, { migrations: TERMINAL_MIGRATIONS.slice(0, before) });
    if (!old.ok) throw new Error(old.error.message);
    old.value
      .prepare(
        `INSERT INTO back_office_applications
           (reference, request_id, service_id, day, seq, submitted_at, application)
         VALUES ('SQ-20261126-0001', 'apply-card-0001', 'senior-allowance', '2026-11-26', 1,
                 '2026-11-26T02:00:00.000Z', '{}')`,
      )
      .run();
    old.value.close();
    const db = open(file);
    expect(db.prepare('SELECT fingerprint FROM back_office_applications').pluck().get()).toBeNull();
    expect(createRequestFingerprint(db)(request)).toMatch(/^[0-9a-f]{64}$/);
    db.close();
  });
});
