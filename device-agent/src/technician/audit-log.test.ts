import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { captureLogger, eventsNamed, makeTempDir } from '@bianmin/common/testing';
import { openTerminalDatabase } from '../queue/terminal-database.js';
import { AUDIT_RETENTION, createAuditLog } from './audit-log.js';

const dir = makeTempDir('technician-audit');
const opened: Database.Database[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
});
afterAll(() => dir.remove());
let files = 0;

function setUp(retention?: { days: number; rows: number }) {
  files += 1;
  const file = openTerminalDatabase(join(dir.path, `terminal-${files}.sqlite`));
  if (!file.ok) throw new Error('the database must open');
  const db = file.value;
  opened.push(db);
  let clock = Date.parse('2026-11-26T02:00:00.000Z');
  // The time that has really passed, whatever the wall clock was stepped by.
  let passed = 0;
  const capture = captureLogger('audit');
  const log = createAuditLog(db, {
    timeZone: 'Asia/Shanghai',
    now: () => new Date(clock),
    monotonicNow: () => passed,
    logger: capture.logger,
    ...(retention && { retention }),
  });
  const count = () =>
    (db.prepare('SELECT count(*) AS n FROM technician_audit').get() as { n: number }).n;
  const advance = (ms: number) => {
    clock += ms;
    passed += ms;
  };
  const step = (ms: number) => (clock += ms);
  return { db, log, capture, count, advance, step };
}

describe('technician audit log', () => {
  it('pages newest first, forward and back, with local times', () => {
    const { log, advance } = setUp();
    for (let i = 1; i <= 7; i += 1) {
      log.record({ account: 'zhang-wei', action: 'probe', outcome: `n${i}`, subject: 'printer' });
      advance(1000);
    }
    const first = log.page({ limit: 3 });
    expect(first.entries.map((e) => e.outcome)).toEqual(['n7', 'n6', 'n5']);
    expect(first).toMatchObject({ hasNewer: false, hasOlder: true, total: 7 });
    expect(first.entries[0]).toMatchObject({
      account: 'zhang-wei',
      action: 'probe',
      subject: 'printer',
      at: '2026-11-26T02:00:06.000Z',
      localTime: '2026-11-26 10:00:06',
    });
    const second = log.page({ limit: 3, before: first.entries.at(-1)!.id });
    expect(second.entries.map((e) => e.outcome)).toEqual(['n4', 'n3', 'n2']);
    expect(second).toMatchObject({ hasNewer: true, hasOlder: true });
    const third = log.page({ limit: 3, before: second.entries.at(-1)!.id });
    expect(third.entries.map((e) => e.outcome)).toEqual(['n1']);
    expect(third).toMatchObject({ hasNewer: true, hasOlder: false });
    // Back up from the second page: the same first page, even after a new entry arrived.
    log.record({ account: 'unknown', action: 'sign-in', outcome: 'wrong-pin', subject: 'pin' });
    const back = log.page({ limit: 3, after: second.entries[0]!.id });
    expect(back.entries.map((e) => e.outcome)).toEqual(['n7', 'n6', 'n5']);
    expect(back).toMatchObject({ hasNewer: true, hasOlder: true, total: 8 });
    expect(log.page({ limit: 3 }).entries[0]).toMatchObject({
      subject: 'pin',
      outcome: 'wrong-pin',
    });
  });

  it('lets entries go after 90 days, and beyond the newest 10,000', () => {
    expect(AUDIT_RETENTION).toEqual({ days: 90, rows: 10_000 });
    const byAge = setUp();
    byAge.log.record({ account: 'a', action: 'probe', outcome: 'old' });
    byAge.advance(89 * 86_400_000);
    byAge.log.record({ account: 'a', action: 'probe', outcome: 'newer' });
    expect(byAge.count()).toBe(2);
    byAge.advance(86_400_000 + 1);
    byAge.log.record({ account: 'a', action: 'probe', outcome: 'newest' });
    expect(byAge.log.page({ limit: 10 }).entries.map((e) => e.outcome)).toEqual([
      'newest',
      'newer',
    ]);

    const byRows = setUp({ days: 90, rows: 5 });
    for (let i = 1; i <= 8; i += 1)
      byRows.log.record({ account: 'a', action: 'x', outcome: `n${i}` });
    expect(byRows.log.page({ limit: 10 }).entries.map((e) => e.outcome)).toEqual([
      'n8',
      'n7',
      'n6',
      'n5',
      'n4',
    ]);
  });

  it('keeps recent entries when the wall clock is stepped forward past their 90 days', () => {
    const { log, advance, step } = setUp();
    log.record({ account: 'a', action: 'probe', outcome: 'before' });
    advance(60_000);
    // A board without a clock battery, or a technician setting the year: a year on at once.
    step(365 * 86_400_000);
    log.record({ account: 'a', action: 'probe', outcome: 'after' });
    expect(log.page({ limit: 10 }).entries.map((e) => e.outcome)).toEqual(['after', 'before']);
    // Aged by the time that really passed, it goes after 90 days all the same.
    advance(90 * 86_400_000);
    log.record({ account: 'a', action: 'probe', outcome: 'later' });
    expect(log.page({ limit: 10 }).entries.map((e) => e.outcome)).toEqual(['later', 'after']);
  });

  it('costs the entry, not the action, when the database cannot take it', () => {
    const { db, log, capture } = setUp();
    db.close();
    expect(() => log.record({ account: 'a', action: 'probe', outcome: 'answered' })).not.toThrow();
    expect(eventsNamed(capture.lines, 'technician.audit-write-failed')).toHaveLength(1);
  });
});
