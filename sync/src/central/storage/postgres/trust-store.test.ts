import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../testing/postgres-database.js';
import { describeTrustStores } from '../../trust/trust-store.contract.js';
import { CENTRAL_POSTGRES_MIGRATIONS } from './central-migrations.js';
import { migratePostgres } from './migrate.js';
import { createPostgresNonceStore, createPostgresTerminalRegistry } from './trust-store.js';

describeTrustStores('PostgreSQL', async () => {
  const database = await createTestDatabase();
  await migratePostgres(database.pool, CENTRAL_POSTGRES_MIGRATIONS);
  return {
    store: {
      registry: createPostgresTerminalRegistry(database.pool),
      nonces: createPostgresNonceStore(database.pool),
    },
    close: database.drop,
  };
});

describe('nonces on PostgreSQL arriving together', () => {
  it('takes each new nonce once and refuses a nonce sent twice at once', async () => {
    const database = await createTestDatabase();
    try {
      await migratePostgres(database.pool, CENTRAL_POSTGRES_MIGRATIONS);
      const nonces = createPostgresNonceStore(database.pool);
      const now = new Date('2026-03-02T02:00:00.000Z');
      const until = new Date(now.getTime() + 300_000);
      const sent = ['n-1', 'n-2', 'n-1', 'n-3', 'n-4', 'n-2', 'n-5', 'n-6'];
      const taken = await Promise.all(
        sent.map((nonce) => nonces.remember('xz-xfl-001', nonce, until, now)),
      );

      // Each nonce taken exactly once, whichever of its two requests came first.
      const takenOf = (nonce: string) => sent.filter((n, i) => n === nonce && taken[i]).length;
      expect(['n-1', 'n-2', 'n-3', 'n-4', 'n-5', 'n-6'].map(takenOf)).toEqual([1, 1, 1, 1, 1, 1]);
      expect(taken.filter((t) => !t)).toHaveLength(2);
      expect(await nonces.remember('xz-xfl-002', 'n-1', until, now)).toBe(true);
      const later = new Date(until.getTime() + 1);
      expect(
        await nonces.remember('xz-xfl-001', 'n-6', new Date(later.getTime() + 300_000), later),
      ).toBe(true);
    } finally {
      await database.drop();
    }
  });
});
