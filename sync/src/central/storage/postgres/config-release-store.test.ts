import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../testing/postgres-database.js';
import { CENTRAL_POSTGRES_MIGRATIONS } from './central-migrations.js';
import { createPostgresConfigReleaseStore } from './config-release-store.js';
import { createHeartbeatGroups } from './heartbeat-group.js';
import { migratePostgres } from './migrate.js';

const NOW = new Date('2026-03-02T02:00:00.000Z');
const SCOPES = ['region:14', 'region:1409', 'terminal:xz-xfl-001'];

describe('latest configuration versions on PostgreSQL, two instances', () => {
  it('sees its own release at once and another instance’s within a second', async () => {
    const database = await createTestDatabase();
    try {
      await migratePostgres(database.pool, CENTRAL_POSTGRES_MIGRATIONS);
      let nowMs = NOW.getTime();
      const instance = () =>
        createPostgresConfigReleaseStore(
          database.pool,
          createHeartbeatGroups(database.pool),
          () => nowMs,
        );
      const here = instance();
      const there = instance();
      expect(await here.latestVersion(SCOPES)).toBe(0);
      expect(await there.latestVersion(SCOPES)).toBe(0);

      const v1 = await here.publish('region:14', { serviceHours: [1] }, NOW);
      expect(await here.latestVersion(SCOPES)).toBe(v1);
      // The other instance answers from what it read until a second has passed.
      expect(await there.latestVersion(SCOPES)).toBe(0);
      nowMs += 1_000;
      expect(await there.latestVersion(SCOPES)).toBe(v1);

      // Only newer releases are read from then on; a release without parts sets no version,
      // and another terminal's scope is not this terminal's.
      const v2 = await there.publish('terminal:xz-xfl-001', { warnings: [] }, NOW);
      await there.publish('terminal:xz-xfl-002', { warnings: [] }, NOW);
      await there.publish('region:1409', {}, NOW);
      expect(await there.latestVersion(SCOPES)).toBe(v2);
      nowMs += 1_000;
      expect(await here.latestVersion(SCOPES)).toBe(v2);
      expect(await here.latestVersion(['region:14'])).toBe(v1);
      expect(await here.latestVersion([])).toBe(0);
    } finally {
      await database.drop();
    }
  });
});
