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
