import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Migration } from './sqlite.js';

const notes: Migration = {
  name: 'notes table',
  up: (db) => db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)'),
};
const noteAuthors: Migration = {
  name: 'note authors',
  up: (db) => db.exec("ALTER TABLE notes ADD COLUMN author TEXT NOT NULL DEFAULT 'staff'"),
};

describe('openDatabase', () => {
  let dir: string;
  let file: string;
  const open: Database.Database[] = [];
  const openOk = (migrations: readonly Migration[]) => {
    const result = openDatabase(file, { migrations });
    if (!result.ok) throw new Error(result.error.message);
    open.push(result.value);
    return result.value;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bianmin-sqlite-'));
    file = join(dir, 'test.sqlite');
  });

  afterEach(() => {
    for (const db of open.splice(0)) if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sets WAL, synchronous=FULL, foreign keys and a busy timeout', () => {
    const db = openOk([]);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('applies the steps in order and records the version reached', () => {
    const db = openOk([notes, noteAuthors]);
    db.prepare('INSERT INTO notes (body) VALUES (?)').run('hello');
    expect(db.prepare('SELECT author FROM notes').pluck().get()).toBe('staff');
    expect(db.pragma('user_version', { simple: true })).toBe(2);
  });

  it('applies only the new steps on reopen, keeping the data', () => {
    const first = openOk([notes]);
    first.prepare('INSERT INTO notes (body) VALUES (?)').run('kept');
    first.close();
    const db = openOk([notes, noteAuthors]);
    expect(db.prepare('SELECT body, author FROM notes').get()).toEqual({
      body: 'kept',
      author: 'staff',
    });
    expect(db.pragma('user_version', { simple: true })).toBe(2);
  });

  it('refuses a file written by newer code, with a message saying what to do', () => {
    openOk([notes, noteAuthors]).close();
    const result = openDatabase(file, { migrations: [notes] });
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'newer-schema', found: 2, known: 1 },
    });
    expect(!result.ok && result.error.message).toMatch(
      /test\.sqlite: schema version 2 is newer than this software knows \(1\).*newer release/,
    );
  });

  it('rolls back a failing step whole and reports which one failed', () => {
    const broken: Migration = {
      name: 'half-done step',
      up: (db) => {
        db.exec('CREATE TABLE tags (name TEXT)');
        db.exec('INSERT INTO missing_table VALUES (1)');
      },
    };
    const result = openDatabase(file, { migrations: [notes, broken] });
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'migration-failed', version: 2, name: 'half-done step' },
    });
    expect(!result.ok && result.error.message).toMatch(/step 2 \(half-done step\) failed/);
    const db = openOk([notes]);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'tags'").pluck().get()).toBe(
      0,
    );
  });

  it('reports a file that is not a database instead of throwing', () => {
    writeFileSync(
      file,
      'not a database, just text that is long enough to have a header'.repeat(20),
    );
    expect(openDatabase(file, { migrations: [notes] })).toMatchObject({
      ok: false,
      error: { kind: 'unopenable' },
    });
  });
});
