import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../testing/postgres-database.js';
import { batch, ticketEvent } from '../../../testing/fixtures.js';
import { CENTRAL_POSTGRES_MIGRATIONS } from './central-migrations.js';
import { createPostgresEventStore } from './event-store.js';
import { migratePostgres } from './migrate.js';

describe('PostgreSQL schema', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(() => database.drop());

  it('runs each step once when several centre instances start together', async () => {
    const runs = await Promise.all(
      [1, 2, 3].map(() => migratePostgres(database.pool, CENTRAL_POSTGRES_MIGRATIONS)),
    );
    const steps = CENTRAL_POSTGRES_MIGRATIONS.length;
    expect(runs.map((r) => r.to)).toEqual([steps, steps, steps]);
    // Exactly one instance found the database empty; the others found it done.
    expect(runs.filter((r) => r.from === 0)).toHaveLength(1);
    const recorded = await database.pool.query<{ name: string }>(
      'SELECT name FROM schema_migrations ORDER BY version',
    );
    expect(recorded.rows.map((r) => r.name)).toEqual(
      CENTRAL_POSTGRES_MIGRATIONS.map((m) => m.name),
    );
  });

  it('puts events in one partition per month of their corrected time, made on demand', async () => {
    await migratePostgres(database.pool, CENTRAL_POSTGRES_MIGRATIONS);
    const store = createPostgresEventStore(database.pool);
    const partitions = async () =>
      (
        await database.pool.query<{ name: string }>(
          `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
           WHERE i.inhparent = 'events'::regclass ORDER BY c.relname`,
        )
      ).rows.map((r) => r.name);
    expect(await partitions()).toEqual([]);
    const received = new Date('2026-04-01T00:10:00.000Z');
    await store.ingest(
      batch('xz-xfl-001', '2026-04-01T00:10:00.000Z', [
        ticketEvent(1, '2026-03-31T23:50:00.000Z'),
        ticketEvent(2, '2026-04-01T00:05:00.000Z'),
      ]),
      received,
    );
    expect(await partitions()).toEqual(['events_2026_03', 'events_2026_04']);
    const placed = await database.pool.query<{ seq: number; partition: string }>(
      'SELECT seq, tableoid::regclass::text AS partition FROM events ORDER BY seq',
    );
    expect(placed.rows).toEqual([
      { seq: 1, partition: 'events_2026_03' },
      { seq: 2, partition: 'events_2026_04' },
    ]);
  });
});
