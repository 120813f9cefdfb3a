import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '@bianmin/common/testing';
import { openCentralDatabase } from '@bianmin/sync/central';
import { runFleet } from '../../scripts/fleet/simulate.js';
import { createTestDatabase } from '../../sync/src/testing/postgres-database.js';

let dir: TempDir | undefined;
afterEach(() => dir?.remove());

describe('the fleet simulator', () => {
  it('leaves the centre holding exactly the events sent, and coverage as planned', async () => {
    dir = makeTempDir('fleet');
    // Monday 5 to Thursday 8 October 2026: four service days.
    const summary = await runFleet({
      terminals: 6,
      days: 4,
      start: '2026-10-05',
      dataDir: dir.path,
      seed: 7,
    });

    expect(summary.refused).toEqual({});
    expect(summary.requests).toEqual({
      enrol: 6,
      heartbeat: expect.any(Number),
      events: expect.any(Number),
    });
    expect(summary.events).toBeGreaterThan(6 * 4 * 24);

    const opened = openCentralDatabase(`${dir.path}/central.sqlite`);
    if (!opened.ok) throw new Error(opened.error.message);
    const db = opened.value;
    try {
      const byType = db.prepare('SELECT type, COUNT(*) AS n FROM events GROUP BY type').all() as {
        type: string;
        n: number;
      }[];
      expect(Object.fromEntries(byType.map((r) => [r.type, r.n]))).toEqual(summary.eventsByType);
      const held = db
        .prepare(
          `SELECT e.terminal_id AS terminal, e.epoch, COUNT(*) AS n, MIN(seq) AS low, MAX(seq) AS high, p.acked_up_to AS acked
           FROM events e JOIN delivery_positions p USING (terminal_id, epoch) GROUP BY e.terminal_id, e.epoch`,
        )
        .all() as {
        terminal: string;
        epoch: string;
        n: number;
        low: number;
        high: number;
        acked: number;
      }[];
      expect(held).toHaveLength(6);
      for (const row of held) {
        const last = summary.lastSeq[row.terminal];
        expect(row).toEqual({
          terminal: row.terminal,
          epoch: `fleet-${row.terminal}`,
          n: last,
          low: 1,
          high: last,
          acked: last,
        });
      }
    } finally {
      db.close();
    }

    expect(summary.centreEvents).toBe(summary.events);
    // Six communities, four weekdays each; some days lost to faults or a switched-off terminal.
    expect(summary.expected.communityDays).toBe(24);
    expect(summary.expected.coveredDays).toBeLessThan(24);
    expect(summary.coverage).toMatchObject({ communities: 6, ...summary.expected });
  }, 120_000);

  it('drives a centre on PostgreSQL to the same coverage as planned', async () => {
    dir = makeTempDir('fleet-pg');
    const database = await createTestDatabase();
    try {
      const summary = await runFleet({
        terminals: 3,
        days: 2,
        start: '2026-10-05',
        dataDir: dir.path,
        databaseUrl: database.url,
        seed: 7,
      });
      expect(summary.refused).toEqual({});
      expect(summary.centreEvents).toBe(summary.events);
      expect(summary.coverage).toMatchObject({ communities: 3, ...summary.expected });
    } finally {
      await database.drop();
    }
  }, 120_000);
});
