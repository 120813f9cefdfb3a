import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '@bianmin/common/sqlite';
import { makeTempDir, type TempDir } from '@bianmin/common/testing';
import { createOutbox } from '@bianmin/sync/outbox';
import { openTerminalDatabase, TERMINAL_MIGRATIONS } from '../queue/terminal-database.js';
import { createApplicationUsage, createApplicationUsageLog } from './usage.js';

let dir: TempDir;
beforeEach(() => {
  dir = makeTempDir('application-usage');
});
afterEach(() => dir.remove());

const submitted = (reference: string) => ({
  reference,
  serviceId: 'residence-certificate',
  submittedAt: '2026-11-26T02:00:00.000Z',
});

describe('application usage events', () => {
  it('records an application’s event once, however often it is asked to', () => {
    const opened = openTerminalDatabase(join(dir.path, 'terminal.sqlite'));
    if (!opened.ok) throw new Error(opened.error.message);
    const db = opened.value;
    const outbox = createOutbox(db);
    const usage = createApplicationUsageLog(db, outbox);
    expect(usage.record(submitted('SQ-20261126-0001'))).toBe(true);
    expect(usage.record(submitted('SQ-20261126-0001'))).toBe(false);
    expect(usage.record(submitted('SQ-20261126-0002'))).toBe(true);
    expect(
      outbox.pending(10).map((e) => e.type === 'application.submitted' && e.payload.reference),
    ).toEqual(['SQ-20261126-0001', 'SQ-20261126-0002']);
    db.close();
  });

  it('takes the applications of an upgraded file as recorded, so none is counted twice', () => {
    const file = join(dir.path, 'terminal.sqlite');
    const before = TERMINAL_MIGRATIONS.indexOf(createApplicationUsage);
    const old = openDatabase(file, { migrations: TERMINAL_MIGRATIONS.slice(0, before) });
    if (!old.ok) throw new Error(old.error.message);
    old.value
      .prepare(
        `INSERT INTO back_office_applications
           (reference, request_id, service_id, day, seq, submitted_at, application)
         VALUES ('SQ-20261126-0001', 'apply-card-0001', 'residence-certificate', '2026-11-26', 1,
                 '2026-11-26T02:00:00.000Z', '{}')`,
      )
      .run();
    old.value.close();

    const opened = openTerminalDatabase(file);
    if (!opened.ok) throw new Error(opened.error.message);
    const outbox = createOutbox(opened.value);
    const usage = createApplicationUsageLog(opened.value, outbox);
    expect(usage.record(submitted('SQ-20261126-0001'))).toBe(false);
    expect(outbox.pendingCount()).toBe(0);
    opened.value.close();
  });
});
