import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '@bianmin/common/sqlite';
import { makeTempDir, type TempDir } from '@bianmin/common/testing';
import { groupCommitOf } from './group-commit.js';

const table = {
  name: 'a table',
  up: (db: Database.Database) => db.exec('CREATE TABLE t (v TEXT)'),
};

describe('the group commit', () => {
  let dir: TempDir;
  afterEach(() => dir.remove());

  const open = () => {
    dir = makeTempDir('group-commit');
    const opened = openDatabase(join(dir.path, 'c.sqlite'), { migrations: [table] });
    if (!opened.ok) throw new Error(opened.error.message);
    return opened.value;
  };

  it('answers each write once its group is committed, a failing one alone, and keeps FULL', async () => {
    const db = open();
    const group = groupCommitOf(db);
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    const results = await Promise.allSettled([
      group.run(() => insert.run('a').changes),
      group.run(() => {
        insert.run('lost');
        throw new Error('refused');
      }),
      group.run(() => insert.run('b').changes),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    // Another connection sees exactly what was answered as stored: it is committed.
    const other = new Database(db.name, { readonly: true });
    expect(other.prepare('SELECT v FROM t ORDER BY v').pluck().all()).toEqual(['a', 'b']);
    other.close();
    // The group commits with NORMAL and syncs the WAL itself; other writers keep FULL.
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    db.close();
  });

  it('answers observations once committed, before the writes of their group that wait for the sync', async () => {
    const db = open();
    const group = groupCommitOf(db);
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    const answered: string[] = [];
    const write = (v: string, durability: 'durable' | 'committed') =>
      group.run(() => insert.run(v), durability).then(() => answered.push(v));
    await Promise.all([write('event', 'durable'), write('heartbeat', 'committed')]);
    expect(answered).toEqual(['heartbeat', 'event']);
    // A group of observations alone is committed all the same.
    await write('heartbeat 2', 'committed');
    const other = new Database(db.name, { readonly: true });
    expect(other.prepare('SELECT v FROM t ORDER BY rowid').pluck().all()).toEqual([
      'event',
      'heartbeat',
      'heartbeat 2',
    ]);
    other.close();
    db.close();
  });

  it('answers writes of a connection that does not sync (the nonces) after its commit', async () => {
    const db = open();
    db.pragma('synchronous = NORMAL');
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    await expect(groupCommitOf(db).run(() => insert.run('n').changes)).resolves.toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    db.close();
  });
});
