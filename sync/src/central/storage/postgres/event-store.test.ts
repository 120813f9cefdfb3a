import { describe, expect, it } from 'vitest';
import type { EventBatch } from '@bianmin/contract';
import { SERVICES, batch, ticketEvent } from '../../../testing/fixtures.js';
import { createTestDatabase } from '../../../testing/postgres-database.js';
import { describeEventStore } from '../../event-store.contract.js';
import { CENTRAL_POSTGRES_MIGRATIONS } from './central-migrations.js';
import { createPostgresEventStore } from './event-store.js';
import { migratePostgres } from './migrate.js';

describeEventStore('PostgreSQL', async () => {
  const database = await createTestDatabase();
  await migratePostgres(database.pool, CENTRAL_POSTGRES_MIGRATIONS);
  return { store: createPostgresEventStore(database.pool), close: database.drop };
});

const RECEIVED = new Date('2026-03-02T02:00:00.000Z');
const SENT = '2026-03-02T01:59:00.000Z';
const CREATED = '2026-03-02T01:30:00.000Z';
const EPOCH_1 = '3f0c8a52-1d7e-4c41-9f0e-2b6a1c9d7e01';
const EPOCH_2 = '8d2e4b17-6a3c-4f58-b1d9-7c0e5a2f4b02';

const tickets = (
  terminalId: string,
  epoch: string,
  seqs: number[],
  extra: Partial<EventBatch> = {},
) => ({
  ...batch(
    terminalId,
    SENT,
    seqs.map((seq) => ticketEvent(seq, CREATED)),
  ),
  epoch,
  ...extra,
});

/** Already held before the batches below arrive, so they resend and conflict. */
const earlier = tickets('t-4', EPOCH_1, [1, 2]);

/** Sent together, so the store writes several of them in one transaction. */
const together: EventBatch[] = [
  tickets('t-1', EPOCH_1, [1, 2, 3]),
  tickets('t-2', EPOCH_1, [1, 2]),
  tickets('t-1', EPOCH_2, [1]),
  // The same terminal and epoch as the first: taken after it, never beside it.
  tickets('t-1', EPOCH_1, [3, 4]),
  tickets('t-3', EPOCH_1, [2]),
  tickets('t-3', EPOCH_1, [5], { heldFrom: 4 }),
  {
    ...tickets('t-4', EPOCH_1, [2, 3]),
    events: [ticketEvent(2, CREATED, SERVICES.medicalInsurance), ticketEvent(3, CREATED)],
  },
  tickets('t-4', EPOCH_1, [2, 2, 4]),
  tickets('t-5', EPOCH_1, [1, 1, 2]),
];

async function storeWith(earlierBatches: EventBatch[]) {
  const database = await createTestDatabase();
  await migratePostgres(database.pool, CENTRAL_POSTGRES_MIGRATIONS);
  const store = createPostgresEventStore(database.pool);
  for (const b of earlierBatches) await store.ingest(b, RECEIVED);
  return { store, database };
}

describe('EventStore on PostgreSQL, batches arriving together', () => {
  it('answers each batch as if it had arrived alone, in the order sent', async () => {
    const alone = await storeWith([earlier]);
    const grouped = await storeWith([earlier]);
    try {
      const oneByOne = [];
      for (const b of together) oneByOne.push(await alone.store.ingest(b, RECEIVED));
      const atOnce = await Promise.all(together.map((b) => grouped.store.ingest(b, RECEIVED)));

      expect(atOnce).toEqual(oneByOne);
      expect(oneByOne.map((o) => o.ackedUpTo)).toEqual([3, 2, 1, 4, 0, 3, 1, 4, 2]);
      const held = 'SELECT terminal_id, epoch, seq, payload FROM events ORDER BY 1, 2, 3';
      expect((await grouped.database.pool.query(held)).rows).toEqual(
        (await alone.database.pool.query(held)).rows,
      );
    } finally {
      await alone.database.drop();
      await grouped.database.drop();
    }
  });

  it('fails a batch the database refuses alone, storing the others sent with it', async () => {
    const { store, database } = await storeWith([]);
    try {
      // A seq beyond PostgreSQL's integer: the statement fails, for the whole group at first.
      const refused = tickets('t-9', EPOCH_1, [2 ** 40]);
      // The first three leave at once, each alone; the rest wait and go together.
      const results = await Promise.allSettled([
        store.ingest(tickets('t-1', EPOCH_1, [1, 2]), RECEIVED),
        store.ingest(tickets('t-2', EPOCH_1, [1]), RECEIVED),
        store.ingest(tickets('t-4', EPOCH_1, [1]), RECEIVED),
        store.ingest(tickets('t-5', EPOCH_1, [1]), RECEIVED),
        store.ingest(refused, RECEIVED),
        store.ingest(tickets('t-3', EPOCH_1, [1, 2, 3]), RECEIVED),
      ]);

      expect(results.map((r) => r.status)).toEqual([
        'fulfilled',
        'fulfilled',
        'fulfilled',
        'fulfilled',
        'rejected',
        'fulfilled',
      ]);
      expect(await store.position('t-3', EPOCH_1)).toEqual({ epoch: EPOCH_1, ackedUpTo: 3 });
      const count = await database.pool.query<{ n: number }>(
        'SELECT COUNT(*)::integer AS n FROM events',
      );
      expect(count.rows[0]?.n).toBe(8);
      expect(await store.position('t-9', EPOCH_1)).toEqual({ epoch: EPOCH_1, ackedUpTo: 0 });
    } finally {
      await database.drop();
    }
  });

  it('stores each payload as the exact text sent, and counts the same text sent again a duplicate', async () => {
    const { store, database } = await storeWith([]);
    try {
      const awkward = {
        serviceId: 'svc-"quoted"\\back',
        serviceName: '社会保障 \u{1F600} tab\there',
      };
      const sent = {
        ...tickets('t-1', EPOCH_1, []),
        events: [ticketEvent(1, CREATED, awkward), ticketEvent(2, CREATED)],
      };
      expect(await store.ingest(sent, RECEIVED)).toMatchObject({ stored: 2, ackedUpTo: 2 });
      const held = await database.pool.query<{ payload: string }>(
        'SELECT payload FROM events ORDER BY seq',
      );
      expect(held.rows.map((r) => r.payload)).toEqual(
        sent.events.map((e) => JSON.stringify(e.payload)),
      );
      expect(await store.ingest(sent, RECEIVED)).toMatchObject({
        stored: 0,
        duplicates: 2,
        conflicts: 0,
        ackedUpTo: 2,
      });
    } finally {
      await database.drop();
    }
  });
});
