import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '@bianmin/common/testing';
import { applyMigrations } from '@bianmin/common/sqlite';
import { LEGACY_EPOCH } from '@bianmin/contract';
import { CENTRAL_MIGRATIONS, migrateCentralDatabase, openCentralDatabase } from './database.js';

describe('central database', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let file: string;

  beforeEach(() => {
    dir = makeTempDir();
    file = join(dir.path, 'central.sqlite');
  });

  afterEach(() => dir.remove());

  it('takes a file the code before versioned migrations left at version 2 as it is', () => {
    const earlier = new Database(file);
    earlier.exec(`
      CREATE TABLE terminals (terminal_id TEXT PRIMARY KEY, first_seen_at TEXT NOT NULL);
      CREATE TABLE events (
        terminal_id TEXT NOT NULL, seq INTEGER NOT NULL, type TEXT NOT NULL,
        created_at TEXT NOT NULL, sent_at TEXT NOT NULL, received_at TEXT NOT NULL,
        corrected_at TEXT NOT NULL, time_uncertain INTEGER NOT NULL DEFAULT 0,
        payload TEXT NOT NULL, PRIMARY KEY (terminal_id, seq)) WITHOUT ROWID;
      INSERT INTO terminals VALUES ('xz-xfl-001', '2026-03-01T00:00:00.000Z');
      PRAGMA user_version = 2;
    `);
    earlier.close();

    const opened = openCentralDatabase(file);
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(opened.value.pragma('user_version', { simple: true })).toBe(CENTRAL_MIGRATIONS.length);
    expect(opened.value.prepare('SELECT terminal_id FROM terminals').pluck().all()).toEqual([
      'xz-xfl-001',
    ]);
    opened.value.close();
  });

  it('refuses a file from a newer release', () => {
    const newer = new Database(file);
    newer.pragma(`user_version = ${CENTRAL_MIGRATIONS.length + 1}`);
    newer.close();
    expect(openCentralDatabase(file)).toMatchObject({
      ok: false,
      error: { kind: 'newer-schema', known: CENTRAL_MIGRATIONS.length },
    });
  });

  it('keys events stored before epochs by the legacy epoch, with each terminal position', () => {
    const earlier = new Database(file);
    const before = CENTRAL_MIGRATIONS.findIndex((m) => m.name === 'events keyed by outbox epoch');
    expect(applyMigrations(earlier, CENTRAL_MIGRATIONS.slice(0, before)).ok).toBe(true);
    const insert = earlier.prepare(
      `INSERT INTO events (terminal_id, seq, type, created_at, sent_at, received_at, corrected_at, payload)
       VALUES (?, ?, 'staff.called', ?, ?, ?, ?, '{"screen":"home"}')`,
    );
    const at = '2026-03-01T00:00:00.000Z';
    for (const [terminal, seq] of [
      ['xz-xfl-001', 1],
      ['xz-xfl-001', 2],
      ['xz-xfl-001', 4], // after a gap: not yet acknowledged
      ['xz-xfl-002', 2], // seq 1 never arrived
    ] as const) {
      insert.run(terminal, seq, at, at, at, at);
    }

    expect(migrateCentralDatabase(earlier)).toMatchObject({ ok: true });
    expect(earlier.prepare('SELECT DISTINCT epoch FROM events').pluck().all()).toEqual([
      LEGACY_EPOCH,
    ]);
    expect(earlier.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(4);
    expect(
      earlier
        .prepare('SELECT terminal_id, epoch, acked_up_to FROM delivery_positions ORDER BY 1')
        .all(),
    ).toEqual([
      { terminal_id: 'xz-xfl-001', epoch: LEGACY_EPOCH, acked_up_to: 2 },
      { terminal_id: 'xz-xfl-002', epoch: LEGACY_EPOCH, acked_up_to: 0 },
    ]);
    earlier.close();
  });

  it('keeps events, their unique key and every index on them when it stores them in arrival order', () => {
    const earlier = new Database(file);
    const before = CENTRAL_MIGRATIONS.findIndex((m) => m.name === 'events kept in arrival order');
    expect(applyMigrations(earlier, CENTRAL_MIGRATIONS.slice(0, before)).ok).toBe(true);
    // As a step appended by another change may have made one.
    earlier.exec('CREATE INDEX events_by_received ON events (received_at)');
    const insert = earlier.prepare(
      `INSERT INTO events (terminal_id, epoch, seq, type, created_at, sent_at, received_at, corrected_at, payload)
       VALUES (?, 'e1', ?, 'staff.called', ?, ?, ?, ?, '{"screen":"home"}')`,
    );
    const at = (minute: number) => `2026-03-01T00:0${minute}:00.000Z`;
    insert.run('xz-xfl-002', 1, at(1), at(1), at(1), at(1));
    insert.run('xz-xfl-001', 1, at(2), at(2), at(2), at(2));

    expect(migrateCentralDatabase(earlier)).toMatchObject({ ok: true });
    expect(earlier.prepare('SELECT terminal_id, seq FROM events ORDER BY rowid').all()).toEqual([
      { terminal_id: 'xz-xfl-002', seq: 1 },
      { terminal_id: 'xz-xfl-001', seq: 1 },
    ]);
    const indexes = earlier
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'")
      .pluck()
      .all();
    expect(indexes).toEqual(
      expect.arrayContaining(['events_by_type_time', 'events_by_received']) as unknown,
    );
    expect(() => insert.run('xz-xfl-001', 1, at(3), at(3), at(3), at(3))).toThrow(/UNIQUE/);
    earlier.close();
  });
});
