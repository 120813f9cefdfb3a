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
