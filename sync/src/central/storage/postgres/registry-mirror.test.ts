import { describe, expect, it } from 'vitest';
import { snapshot } from '../../../testing/fixtures.js';
import { createTestDatabase } from '../../../testing/postgres-database.js';
import type { TerminalRegistry } from '../../trust/trust-store.js';
import { describeTrustStores } from '../../trust/trust-store.contract.js';
import { CENTRAL_POSTGRES_MIGRATIONS } from './central-migrations.js';
import { migratePostgres } from './migrate.js';
import { withRegistryMirror } from './registry-mirror.js';
import { createPostgresNonceStore, createPostgresTerminalRegistry } from './trust-store.js';

const ISSUED = new Date('2026-03-02T02:00:00.000Z');
const token = (sha: string) => ({
  sha256: sha.repeat(64),
  issuedAt: ISSUED,
  expiresAt: new Date(ISSUED.getTime() + 3_600_000),
});

describeTrustStores('PostgreSQL, mirrored', async () => {
  const database = await createTestDatabase();
  await migratePostgres(database.pool, CENTRAL_POSTGRES_MIGRATIONS);
  const mirror = withRegistryMirror(database.pool, createPostgresTerminalRegistry(database.pool), {
    trustMs: 1_000,
  });
  await mirror.refresh();
  return {
    store: { registry: mirror.registry, nonces: createPostgresNonceStore(database.pool) },
    close: database.drop,
  };
});

/** Registered and enrolled, as a terminal that signs its requests. */
async function enrolled(registry: TerminalRegistry, terminalId: string, sha: string) {
  await registry.create(terminalId, snapshot().terminal, token(sha));
  await registry.enrol({
    terminalId,
    tokenSha256: sha.repeat(64),
    algorithm: 'ed25519',
    publicKey: 'MCowBQYDK2VwAyEA'.padEnd(60, 'k'),
    at: new Date(ISSUED.getTime() + 30_000),
  });
}

/** The registry of another instance, counting the reads that reach the database. */
function counted(registry: TerminalRegistry) {
  const reads = { n: 0 };
  return {
    reads,
    registry: {
      ...registry,
      get: (id: string) => {
        reads.n += 1;
        return registry.get(id);
      },
    },
  };
}

describe('the registry mirror of a PostgreSQL centre instance', () => {
  it('answers from memory and takes a change made elsewhere at its next read of changes, or within its trust', async () => {
    const database = await createTestDatabase();
    try {
      await migratePostgres(database.pool, CENTRAL_POSTGRES_MIGRATIONS);
      const elsewhere = createPostgresTerminalRegistry(database.pool);
      await enrolled(elsewhere, 'T-1', 'a');
      await enrolled(elsewhere, 'T-2', 'b');
      let clock = 0;
      const below = counted(createPostgresTerminalRegistry(database.pool));
      const mirror = withRegistryMirror(database.pool, below.registry, {
        trustMs: 1_000,
        now: () => clock,
      });
      await mirror.refresh();
      const here = mirror.registry;

      expect((await here.get('T-1'))?.revokedAt).toBeNull();
      expect(below.reads.n).toBe(0);

      // Revoked elsewhere: shown at the next read of changes.
      await elsewhere.revoke('T-1', new Date(ISSUED.getTime() + 60_000));
      expect((await here.get('T-1'))?.revokedAt).toBeNull();
      expect(below.reads.n).toBe(0);
      await mirror.refresh();
      expect((await here.get('T-1'))?.revokedAt).not.toBeNull();

      // No read of changes for the trust's time: every terminal is read again.
      await elsewhere.revoke('T-2', new Date(ISSUED.getTime() + 60_000));
      clock = 1_000;
      const before = below.reads.n;
      expect((await here.get('T-2'))?.revokedAt).not.toBeNull();
      expect(below.reads.n).toBe(before + 1);

      // Registered elsewhere since: read; enrolled elsewhere a moment ago: read again.
      await elsewhere.create('T-3', snapshot().terminal, token('c'));
      expect((await here.get('T-3'))?.key).toBeNull();
      await mirror.refresh();
      await elsewhere.enrol({
        terminalId: 'T-3',
        tokenSha256: 'c'.repeat(64),
        algorithm: 'ed25519',
        publicKey: 'MCowBQYDK2VwAyEA'.padEnd(60, 'k'),
        at: new Date(ISSUED.getTime() + 90_000),
      });
      expect((await here.get('T-3'))?.key?.algorithm).toBe('ed25519');
      await mirror.refresh();
      const reads = below.reads.n;
      expect((await here.get('T-3'))?.key?.algorithm).toBe('ed25519');
      expect(below.reads.n).toBe(reads);

      // Revoked here: at once, before any read of changes.
      await here.revoke('T-3', new Date(ISSUED.getTime() + 120_000));
      expect((await here.get('T-3'))?.revokedAt).not.toBeNull();
    } finally {
      await database.drop();
    }
  });

  it('does not miss a change whose transaction began before a read of changes and committed after it', async () => {
    const database = await createTestDatabase();
    try {
      await migratePostgres(database.pool, CENTRAL_POSTGRES_MIGRATIONS);
      const elsewhere = createPostgresTerminalRegistry(database.pool);
      await enrolled(elsewhere, 'T-1', 'a');
      const mirror = withRegistryMirror(database.pool, elsewhere, { trustMs: 1_000, now: () => 0 });
      await mirror.refresh();

      const slow = await database.pool.connect();
      try {
        await slow.query('BEGIN');
        await slow.query('UPDATE registered_terminals SET revoked_at = $1 WHERE terminal_id = $2', [
          new Date(ISSUED.getTime() + 60_000),
          'T-1',
        ]);
        await mirror.refresh();
        await slow.query('COMMIT');
      } finally {
        slow.release();
      }
      expect((await mirror.registry.get('T-1'))?.revokedAt).toBeNull();
      await mirror.refresh();
      expect((await mirror.registry.get('T-1'))?.revokedAt).not.toBeNull();
    } finally {
      await database.drop();
    }
  });
});
