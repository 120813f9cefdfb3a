import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { makeTempDir } from '@bianmin/common/testing';
import { openCentralDatabase } from '../central/database.js';
import type { CentralStores } from '../central/storage/central-stores.js';
import { openPostgresStorage } from '../central/storage/postgres/open-storage.js';
import { createSqliteStores } from '../central/storage/sqlite/sqlite-stores.js';

/** Where a test's centre keeps its data. */
export type TestStorage = 'sqlite' | 'postgres';

/** Both, for suites that run once on each database (the "same test suite"). */
export const TEST_STORAGES: readonly TestStorage[] = ['sqlite', 'postgres'];

export interface TestStores {
  stores: CentralStores;
  /** The SQLite file's connection; absent on PostgreSQL. */
  db?: Database.Database;
  /** The PostgreSQL database's URL, for a second centre instance on it; absent on SQLite. */
  url?: string;
  /** Rows of a query written in SQL both databases read, for tests that look at what is stored. */
  rows<T>(sql: string): Promise<T[]>;
  close(): Promise<void>;
}

/**
 * The centre's stores on a new SQLite file (in `dir`, or a temp folder removed on close) or
 * on a new, migrated database of the test PostgreSQL cluster (dropped on close).
 */
export async function openTestStores(storage: TestStorage, dir?: string): Promise<TestStores> {
  if (storage === 'postgres') {
    // Imported here: it reads the test cluster vitest's global setup provides.
    const { createTestDatabase } = await import('./postgres-database.js');
    const database = await createTestDatabase();
    const stores = await openPostgresStorage(database.url, 4);
    return {
      stores,
      url: database.url,
      rows: async <T>(sql: string) => (await database.pool.query(sql)).rows as T[],
      close: async () => {
        await stores.close();
        await database.drop();
      },
    };
  }
  const temp = dir === undefined ? makeTempDir('central') : undefined;
  const opened = openCentralDatabase(join(dir ?? temp!.path, 'central.sqlite'));
  if (!opened.ok) throw new Error(opened.error.message);
  const db = opened.value;
  const stores = createSqliteStores(db);
  return {
    stores,
    db,
    rows: async <T>(sql: string) => db.prepare(sql).all() as T[],
    close: async () => {
      await stores.close();
      db.close();
      temp?.remove();
    },
  };
}
