import { statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '@bianmin/common/sqlite';
import { makeTempDir, type TempDir } from '@bianmin/common/testing';
import { startWalCheckpointer } from './wal-checkpointer.js';

const table = {
  name: 'a table',
  up: (db: Database.Database) => db.exec('CREATE TABLE t (v TEXT)'),
};

describe('the WAL checkpointer', () => {
  let dir: TempDir | undefined;
  afterEach(() => {
    dir?.remove();
    dir = undefined;
  });

  const open = () => {
    dir = makeTempDir('wal-checkpointer');
    const opened = openDatabase(join(dir.path, 'c.sqlite'), { migrations: [table] });
    if (!opened.ok) throw new Error(opened.error.message);
    return opened.value;
  };

  it('copies committed pages into the database file off the main connection', async () => {
    const db = open();
    const other = new Database(db.name);
    const copied = new Promise<number>((resolve) => {
      const checkpointer = startWalCheckpointer(db, {
        alsoWriting: [other],
        onCheckpoint: (pages) => void checkpointer.close().then(() => resolve(pages)),
      });
    });
    // Neither connection checkpoints after each 1,000 pages any more.
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(10_000);
    expect(other.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const before = statSync(db.name).size;
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 2_000; i++) insert.run('x'.repeat(100));
    })();
    expect(await copied).toBeGreaterThan(0);
    // Without its WAL (a copy of the file alone), the database holds the rows.
    expect(statSync(db.name).size).toBeGreaterThan(before + 100 * 1_000);
    // Closed: SQLite's own checkpoint is back.
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1_000);
    expect(other.pragma('wal_autocheckpoint', { simple: true })).toBe(1_000);
    other.close();
    db.close();
  });

  it('leaves an in-memory database to SQLite', async () => {
    const db = new Database(':memory:');
    const checkpointer = startWalCheckpointer(db);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1_000);
    await checkpointer.close();
    db.close();
  });
});
