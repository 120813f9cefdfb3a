import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../testing/postgres-database.js';
import { CENTRAL_POSTGRES_MIGRATIONS } from './central-migrations.js';
import { openPostgresStorage } from './open-storage.js';

let database: TestDatabase;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(() => database.drop());

it('opens the stores on an up-to-date schema, migrating only the first time', async () => {
  const { url } = database;
  const first = await openPostgresStorage(url);
  expect(first.migrated).toEqual({ from: 0, to: CENTRAL_POSTGRES_MIGRATIONS.length });
  await first.close();
  const second = await openPostgresStorage(url);
  const steps = CENTRAL_POSTGRES_MIGRATIONS.length;
  expect(second.migrated).toEqual({ from: steps, to: steps });
  expect(await second.events.position('xz-xfl-001', 'legacy')).toEqual({
    epoch: 'legacy',
    ackedUpTo: 0,
  });
  await second.close();
});
