import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '@bianmin/common/testing';
import { CENTRAL_MIGRATIONS, openCentralDatabase } from './database.js';

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
});
