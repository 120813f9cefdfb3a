import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../testing/postgres-database.js';
import { heartbeatBody } from '../../../testing/fixtures.js';
import { CENTRAL_POSTGRES_MIGRATIONS } from './central-migrations.js';
import { createHeartbeatGroups } from './heartbeat-group.js';
import { migratePostgres } from './migrate.js';

const AT = new Date('2026-03-02T02:00:00.000Z');
const SENT = '2026-03-02T10:00:00.000+08:00';

/** Counts the statements sent through the pool. */
function counting(pool: pg.Pool) {
  const sent: string[] = [];
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  pool.query = ((...args: unknown[]) => {
    sent.push(String(args[0]));
    return query(...args);
  }) as typeof pool.query;
  return sent;
}

describe('heartbeats on PostgreSQL arriving together', () => {
  it('writes their rows and versions and reads their positions in one statement', async () => {
    const database = await createTestDatabase();
    try {
      await migratePostgres(database.pool, CENTRAL_POSTGRES_MIGRATIONS);
      await database.pool.query(
        `INSERT INTO delivery_positions (terminal_id, epoch, acked_up_to, first_seen_at)
         VALUES ('xz-xfl-002', 'e-1', 41, $1)`,
        [AT],
      );
      const groups = createHeartbeatGroups(database.pool);
      const sent = counting(database.pool);
      const ids = ['xz-xfl-003', 'xz-xfl-001', 'xz-xfl-002'];
      const positions = await Promise.all(
        ids.flatMap((id, i) => [
          groups.noteRunning(id, i + 1, AT),
          groups.record(heartbeatBody(id, SENT), AT).then(() => -1),
          groups.position(id, 'e-1'),
        ]),
      );

      expect(sent).toHaveLength(1);
      expect(positions.filter((p) => p !== undefined && p >= 0)).toEqual([0, 0, 41]);
      const rows = await database.pool.query<{ terminal_id: string; version: string }>(
        `SELECT t.terminal_id, r.version FROM terminals t
         JOIN config_running r USING (terminal_id)
         WHERE t.last_seen_at = $1 AND t.last_sent_at = $2 ORDER BY t.terminal_id`,
        [AT, SENT],
      );
      expect(rows.rows.map((r) => [r.terminal_id, Number(r.version)])).toEqual([
        ['xz-xfl-001', 2],
        ['xz-xfl-002', 3],
        ['xz-xfl-003', 1],
      ]);
    } finally {
      await database.drop();
    }
  });

  it('fails a heartbeat the database refuses alone, and a second one of a terminal comes after', async () => {
    const database = await createTestDatabase();
    try {
      await migratePostgres(database.pool, CENTRAL_POSTGRES_MIGRATIONS);
      const groups = createHeartbeatGroups(database.pool);
      const refused = { ...heartbeatBody('xz-xfl-002', SENT), outboxPending: 1.5 };
      const later = new Date(AT.getTime() + 1_000);
      const outcomes = await Promise.allSettled([
        groups.record(heartbeatBody('xz-xfl-001', SENT), AT),
        groups.record(refused, AT),
        groups.record(heartbeatBody('xz-xfl-003', SENT), AT),
        groups.record(heartbeatBody('xz-xfl-001', SENT), later),
      ]);

      expect(outcomes.map((o) => o.status)).toEqual([
        'fulfilled',
        'rejected',
        'fulfilled',
        'fulfilled',
      ]);
      const rows = await database.pool.query<{ terminal_id: string; last_seen_at: Date }>(
        'SELECT terminal_id, last_seen_at FROM terminals ORDER BY terminal_id',
      );
      expect(rows.rows).toEqual([
        { terminal_id: 'xz-xfl-001', last_seen_at: later },
        { terminal_id: 'xz-xfl-003', last_seen_at: AT },
      ]);
    } finally {
      await database.drop();
    }
  });
});
