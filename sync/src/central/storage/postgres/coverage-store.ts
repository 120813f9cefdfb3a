import type pg from 'pg';
import type { CoverageJudge, CoverageStore } from '../../coverage/coverage-store.js';
import { inTransaction } from './transaction.js';

/** Code lengths of the units whose covered days are counted ahead: county and street. */
const ROLLUP_LEVELS = [6, 9] as const;

/** The end of a code range of every code starting with `prefix` (codes compare as "C"). */
const afterPrefix = (prefix: string) => `${prefix}\uffff`;

/**
 * Any fixed number: service time takes it shared, a rule change exclusively, so a rule
 * change re-judges and recounts with no service time landing in between.
 */
const COVERAGE_LOCK = 7_340_003;
/** The first key of the per community-day locks (pg_advisory_xact_lock(int, int)). */
const COMMUNITY_DAY_LOCK = 7_340_004;

/**
 * Service time and coverage on PostgreSQL, the SQLite store's logic (coverage-store.ts) step
 * for step. Several centre instances may ingest at once: each community-day is re-judged
 * under its own lock, taken in one order, so its best seconds and the rollup counts read
 * what the last writer wrote.
 */
export function createPostgresCoverageStore(pool: pg.Pool): CoverageStore {
  const count = async (
    client: pg.PoolClient,
    code: string,
    day: string,
    kind: string | null,
    delta: number,
  ) => {
    if (kind === null) return;
    for (const level of ROLLUP_LEVELS) {
      await client.query(
        `INSERT INTO covered_rollup (level, unit_code, day, kind, covered) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (level, unit_code, day, kind)
         DO UPDATE SET covered = covered_rollup.covered + EXCLUDED.covered`,
        [level, code.slice(0, level), day, kind, delta],
      );
    }
  };

  const refresh = async (
    client: pg.PoolClient,
    code: string,
    day: string,
    judge: CoverageJudge,
    revisedAt: string | null,
  ) => {
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
      COMMUNITY_DAY_LOCK,
      `${code} ${day}`,
    ]);
    const best = await client.query<{ seconds: number | null }>(
      'SELECT MAX(in_service_seconds) AS seconds FROM terminal_day WHERE community_code = $1 AND day = $2',
      [code, day],
    );
    const seconds = best.rows[0]?.seconds ?? 0;
    const verdict = judge(code, day, seconds);
    const before = await client.query<{ covered: boolean; kind: string | null }>(
      'SELECT covered, kind FROM community_day WHERE community_code = $1 AND day = $2',
      [code, day],
    );
    const previous = before.rows[0];
    if (previous?.covered === true) await count(client, code, day, previous.kind, -1);
    if (verdict.covered) await count(client, code, day, verdict.kind, 1);
    await client.query(
      `INSERT INTO community_day (community_code, day, kind, best_seconds, covered, revised_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (community_code, day) DO UPDATE SET
         kind = EXCLUDED.kind,
         best_seconds = EXCLUDED.best_seconds,
         covered = EXCLUDED.covered,
         revised_at = coalesce(EXCLUDED.revised_at, community_day.revised_at)`,
      [code, day, verdict.kind, seconds, verdict.covered, revisedAt],
    );
  };

  const rebuildRollups = async (client: pg.PoolClient) => {
    await client.query('DELETE FROM covered_rollup');
    for (const level of ROLLUP_LEVELS) {
      await client.query(
        `INSERT INTO covered_rollup (level, unit_code, day, kind, covered)
         SELECT $1::integer, substr(community_code, 1, $1::integer), day, kind, COUNT(*)
         FROM community_day WHERE covered AND kind IS NOT NULL
         GROUP BY substr(community_code, 1, $1::integer), day, kind`,
        [level],
      );
    }
  };

  return {
    addServiceTime: (input) =>
      inTransaction(pool, async (client) => {
        await client.query('SELECT pg_advisory_xact_lock_shared($1)', [COVERAGE_LOCK]);
        const received = input.receivedAt.toISOString();
        let added = 0;
        const touched = new Map<string, { code: string; day: string; revisedAt: string | null }>();
        for (const interval of input.intervals) {
          const stored = await client.query(
            `INSERT INTO service_intervals (terminal_id, reported_from, state, reported_to,
               corrected_from, corrected_to, received_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
            [
              input.terminalId,
              interval.reportedFrom,
              interval.state,
              interval.reportedTo,
              interval.correctedFrom,
              interval.correctedTo,
              input.receivedAt,
            ],
          );
          if (stored.rowCount === 0) continue;
          added += 1;
          for (const { day, seconds, closesAt } of interval.days) {
            // Overlapping reports (a clock stepped back) never make a day longer than a day;
            // the day keeps the community it was first counted for.
            const row = await client.query<{ community_code: string | null }>(
              `INSERT INTO terminal_day (terminal_id, day, community_code, in_service_seconds)
               VALUES ($1, $2, $3, $4)
               ON CONFLICT (terminal_id, day) DO UPDATE SET
                 in_service_seconds = LEAST(86400, terminal_day.in_service_seconds + EXCLUDED.in_service_seconds),
                 community_code = coalesce(terminal_day.community_code, EXCLUDED.community_code)
               RETURNING community_code`,
              [input.terminalId, day, input.communityCode, seconds],
            );
            const code = row.rows[0]?.community_code ?? null;
            if (code === null) continue;
            const late = received >= closesAt ? received : null;
            const key = `${code} ${day}`;
            const before = touched.get(key);
            touched.set(key, { code, day, revisedAt: before?.revisedAt ?? late });
          }
        }
        // In one order, so two instances locking the same community-days cannot deadlock.
        const order = [...touched.keys()].sort();
        for (const key of order) {
          const { code, day, revisedAt } = touched.get(key)!;
          await refresh(client, code, day, input.judge, revisedAt);
        }
        return added;
      }),

    terminalsWithUnassignedDays: async () => {
      const found = await pool.query<{ terminal_id: string }>(
        'SELECT DISTINCT terminal_id FROM terminal_day WHERE community_code IS NULL',
      );
      return new Set(found.rows.map((r) => r.terminal_id));
    },

    assignCommunity: (terminalId, code, judge) =>
      inTransaction(pool, async (client) => {
        await client.query('SELECT pg_advisory_xact_lock_shared($1)', [COVERAGE_LOCK]);
        const days = await client.query<{ day: string }>(
          `UPDATE terminal_day SET community_code = $1
           WHERE terminal_id = $2 AND community_code IS NULL RETURNING day`,
          [code, terminalId],
        );
        for (const day of days.rows.map((r) => r.day).sort()) {
          await refresh(client, code, day, judge, null);
        }
      }),

    applyRule: (fingerprint, judge) =>
      inTransaction(pool, async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1)', [COVERAGE_LOCK]);
        const rule = await client.query<{ fingerprint: string }>(
          'SELECT fingerprint FROM coverage_rule WHERE id = 1',
        );
        if (rule.rows[0]?.fingerprint === fingerprint) return 0;
        const days = await client.query<{
          community_code: string;
          day: string;
          best_seconds: number;
        }>('SELECT community_code, day, best_seconds FROM community_day');
        const codes: string[] = [];
        const dayList: string[] = [];
        const kinds: (string | null)[] = [];
        const covered: boolean[] = [];
        for (const row of days.rows) {
          const verdict = judge(row.community_code, row.day, row.best_seconds);
          codes.push(row.community_code);
          dayList.push(row.day);
          kinds.push(verdict.kind);
          covered.push(verdict.covered);
        }
        await client.query(
          `UPDATE community_day d SET kind = v.kind, covered = v.covered
           FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[])
             AS v(community_code, day, kind, covered)
           WHERE d.community_code = v.community_code AND d.day = v.day`,
          [codes, dayList, kinds, covered],
        );
        await rebuildRollups(client);
        await client.query(
          `INSERT INTO coverage_rule (id, fingerprint) VALUES (1, $1)
           ON CONFLICT (id) DO UPDATE SET fingerprint = EXCLUDED.fingerprint`,
          [fingerprint],
        );
        return days.rows.length;
      }),

    rebuildRollups: () =>
      inTransaction(pool, async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1)', [COVERAGE_LOCK]);
        await rebuildRollups(client);
      }),

    coveredCounts: async (range, childLength) => {
      const bounds = [range.prefix, afterPrefix(range.prefix), range.from, range.to];
      if (childLength === 12) {
        const rows = await pool.query<{ child: string; month: string; kind: string; n: number }>(
          `SELECT community_code AS child, substr(day, 1, 7) AS month, kind, COUNT(*)::integer AS n
           FROM community_day
           WHERE community_code >= $1 AND community_code < $2 AND day >= $3 AND day <= $4
             AND covered
           GROUP BY child, month, kind`,
          bounds,
        );
        return rows.rows;
      }
      // Children of 2 to 6 digits come from the county rollup, streets from the street one.
      const level = childLength <= 6 ? 6 : 9;
      const rows = await pool.query<{ child: string; month: string; kind: string; n: number }>(
        `SELECT substr(unit_code, 1, $5) AS child, substr(day, 1, 7) AS month, kind,
                SUM(covered)::integer AS n
         FROM covered_rollup
         WHERE level = $6 AND unit_code >= $1 AND unit_code < $2 AND day >= $3 AND day <= $4
         GROUP BY child, month, kind`,
        [...bounds, childLength, level],
      );
      return rows.rows;
    },

    revisions: async (range) => {
      const rows = await pool.query<{ community_days: number; latest_at: Date | null }>(
        `SELECT COUNT(*)::integer AS community_days, MAX(revised_at) AS latest_at
         FROM community_day
         WHERE revised_at IS NOT NULL AND day >= $1 AND day <= $2
           AND community_code >= $3 AND community_code < $4`,
        [range.from, range.to, range.prefix, afterPrefix(range.prefix)],
      );
      const row = rows.rows[0];
      return {
        communityDays: row?.community_days ?? 0,
        latestAt: row?.latest_at?.toISOString() ?? null,
      };
    },
  };
}
