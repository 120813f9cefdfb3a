import { describe, expect, it } from 'vitest';
import { snapshot } from '../../testing/fixtures.js';
import { createTestDatabase } from '../../testing/postgres-database.js';
import { CENTRAL_POSTGRES_MIGRATIONS } from '../storage/postgres/central-migrations.js';
import { migratePostgres } from '../storage/postgres/migrate.js';
import { withRegistryCache } from './registry-cache.js';
import { createPostgresTerminalRegistry } from '../storage/postgres/trust-store.js';

const T1 = 'xz-xfl-001';
const ISSUED = new Date('2026-03-02T02:00:00.000Z');
const TOKEN = {
  sha256: 'a'.repeat(64),
  issuedAt: ISSUED,
  expiresAt: new Date(ISSUED.getTime() + 3_600_000),
};

describe('the registry cache of a PostgreSQL centre instance', () => {
  it('takes a revocation at once at its own instance and within its time at another', async () => {
    const database = await createTestDatabase();
    try {
      await migratePostgres(database.pool, CENTRAL_POSTGRES_MIGRATIONS);
      let clock = 0;
      const here = withRegistryCache(createPostgresTerminalRegistry(database.pool), {
        ttlMs: 1_000,
        now: () => clock,
      });
      const elsewhere = createPostgresTerminalRegistry(database.pool);

      // Not found is not kept: registered at another instance, known here at once.
      expect(await here.get(T1)).toBeUndefined();
      await elsewhere.create(T1, snapshot().terminal, TOKEN);
      expect((await here.get(T1))?.revokedAt).toBeNull();

      await elsewhere.revoke(T1, new Date(ISSUED.getTime() + 60_000));
      clock = 999;
      expect((await here.get(T1))?.revokedAt).toBeNull();
      clock = 1_000;
      expect((await here.get(T1))?.revokedAt).not.toBeNull();

      await elsewhere.issueToken(T1, { ...TOKEN, sha256: 'b'.repeat(64) });
      await elsewhere.enrol({
        terminalId: T1,
        tokenSha256: 'b'.repeat(64),
        algorithm: 'ed25519',
        publicKey: 'MCowBQYDK2VwAyEA'.padEnd(60, 'k'),
        at: new Date(ISSUED.getTime() + 120_000),
      });
      clock = 2_000;
      expect((await here.get(T1))?.revokedAt).toBeNull();
      // Revoked through this instance: refused here from the next request on.
      await here.revoke(T1, new Date(ISSUED.getTime() + 180_000));
      expect((await here.get(T1))?.revokedAt).not.toBeNull();
    } finally {
      await database.drop();
    }
  });
});
