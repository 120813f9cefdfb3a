import type Database from 'better-sqlite3';
import type { Migration } from '@bianmin/common/sqlite';
import type { ServiceState } from '@bianmin/contract';

export const createCoverageTables: Migration = {
  name: 'service time and coverage per community-day',
  up: (db) =>
    db.exec(`
      -- Every interval a terminal reported, once: keyed by its own start, so a resend or a
      -- replayed batch adds nothing, whatever sequence number it came with.
      CREATE TABLE service_intervals (
        terminal_id TEXT NOT NULL,
        reported_from TEXT NOT NULL,
        state TEXT NOT NULL,
        reported_to TEXT NOT NULL,
        corrected_from TEXT NOT NULL,
        corrected_to TEXT NOT NULL,
        received_at TEXT NOT NULL,
        PRIMARY KEY (terminal_id, reported_from)
      ) WITHOUT ROWID;
      -- In-service seconds per terminal per local day, and the community it served then.
      CREATE TABLE terminal_day (
        terminal_id TEXT NOT NULL,
        day TEXT NOT NULL,
        community_code TEXT,
        in_service_seconds REAL NOT NULL,
        PRIMARY KEY (terminal_id, day)
      ) WITHOUT ROWID;
      CREATE INDEX terminal_day_by_community ON terminal_day (community_code, day);
      CREATE INDEX terminal_day_unassigned ON terminal_day (terminal_id)
        WHERE community_code IS NULL;
      -- The best terminal's seconds per community-day, and whether that day is covered
      -- under the current rule (configured community, open day, enough hours).
      CREATE TABLE community_day (
        community_code TEXT NOT NULL,
        day TEXT NOT NULL,
        kind TEXT,
        best_seconds REAL NOT NULL,
        covered INTEGER NOT NULL,
        revised_at TEXT,
        PRIMARY KEY (community_code, day)
      ) WITHOUT ROWID;
      -- Covered community-days counted per county (level 6) and street (level 9), kept in
      -- step with community_day, so a nation's report reads thousands of rows, not millions.
      CREATE TABLE covered_rollup (
        level INTEGER NOT NULL,
        unit_code TEXT NOT NULL,
        day TEXT NOT NULL,
        kind TEXT NOT NULL,
        covered INTEGER NOT NULL,
        PRIMARY KEY (level, unit_code, day, kind)
      ) WITHOUT ROWID;
      CREATE INDEX community_day_revised ON community_day (day, community_code)
        WHERE revised_at IS NOT NULL;
      CREATE TABLE coverage_rule (id INTEGER PRIMARY KEY CHECK (id = 1), fingerprint TEXT NOT NULL);
    `),
};

/** One reported interval, with times on the centre's clock and its in-service part per day. */
export interface ServiceInterval {
  state: ServiceState;
  reportedFrom: string;
  reportedTo: string;
  correctedFrom: string;
  correctedTo: string;
  /** In-service seconds per local day ('YYYY-MM-DD'); empty for other states. */
  days: readonly { day: string; seconds: number; closesAt: string }[];
}

/** Whether a community-day counts as covered under the configured rule. */
export type CoverageJudge = (
  communityCode: string,
  day: string,
  bestSeconds: number,
) => { covered: boolean; kind: string | null };

interface CoveredCount {
  child: string;
  month: string;
  kind: string;
  n: number;
}

interface CodeAndDayRange {
  /** Community codes starting with this prefix. */
  prefix: string;
  from: string;
  to: string;
}

/** Service time and the community-days it covers, on SQLite or PostgreSQL (storage/postgres/). */
export interface CoverageStore {
  /** Stores new intervals and updates the days they touch; resolves to how many were new. */
  addServiceTime(input: {
    terminalId: string;
    communityCode: string | null;
    intervals: readonly ServiceInterval[];
    receivedAt: Date;
    judge: CoverageJudge;
  }): Promise<number>;
  /** The terminals some of whose days wait for their community to be known. */
  terminalsWithUnassignedDays(): Promise<Set<string>>;
  assignCommunity(terminalId: string, communityCode: string, judge: CoverageJudge): Promise<void>;
  /** Re-judges every community-day when the rule's fingerprint changed; resolves to rows judged. */
  applyRule(fingerprint: string, judge: CoverageJudge): Promise<number>;
  /** Recounts the per-county and per-street covered days from the community-days. */
  rebuildRollups(): Promise<void>;
  /** Covered community-days grouped by the first `childLength` digits, month and kind. */
  coveredCounts(range: CodeAndDayRange, childLength: number): Promise<CoveredCount[]>;
  revisions(range: CodeAndDayRange): Promise<{ communityDays: number; latestAt: string | null }>;
}

/** Code lengths of the units whose covered days are counted ahead: county and street. */
const ROLLUP_LEVELS = [6, 9] as const;

/** The end of a code range of every code starting with `prefix`. */
const afterPrefix = (prefix: string) => `${prefix}\uffff`;

export function createSqliteCoverageStore(db: Database.Database): CoverageStore {
  const insertInterval = db.prepare(`
    INSERT INTO service_intervals
      (terminal_id, reported_from, state, reported_to, corrected_from, corrected_to, received_at)
    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`);
  const addSeconds = db.prepare(`
    INSERT INTO terminal_day (terminal_id, day, community_code, in_service_seconds)
    VALUES (?, ?, ?, ?)
    ON CONFLICT (terminal_id, day) DO UPDATE SET
      -- Overlapping reports (a clock stepped back) never make a day longer than a day.
      in_service_seconds = MIN(86400, in_service_seconds + excluded.in_service_seconds),
      community_code = coalesce(community_code, excluded.community_code)`);
  const communityOfDay = db
    .prepare('SELECT community_code FROM terminal_day WHERE terminal_id = ? AND day = ?')
    .pluck();
  const best = db
    .prepare(
      'SELECT MAX(in_service_seconds) FROM terminal_day WHERE community_code = ? AND day = ?',
    )
    .pluck();
  const upsertDay = db.prepare(`
    INSERT INTO community_day (community_code, day, kind, best_seconds, covered, revised_at)
    VALUES (@code, @day, @kind, @best, @covered, @revisedAt)
    ON CONFLICT (community_code, day) DO UPDATE SET
      kind = excluded.kind,
      best_seconds = excluded.best_seconds,
      covered = excluded.covered,
      revised_at = coalesce(excluded.revised_at, revised_at)`);
  const unassigned = db
    .prepare('SELECT DISTINCT terminal_id FROM terminal_day WHERE community_code IS NULL')
    .pluck();
  const unassignedDays = db
    .prepare('SELECT day FROM terminal_day WHERE terminal_id = ? AND community_code IS NULL')
    .pluck();
  const assign = db.prepare(
    'UPDATE terminal_day SET community_code = ? WHERE terminal_id = ? AND community_code IS NULL',
  );
  const rule = db.prepare('SELECT fingerprint FROM coverage_rule WHERE id = 1').pluck();
  const setRule = db.prepare(
    'INSERT INTO coverage_rule (id, fingerprint) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET fingerprint = excluded.fingerprint',
  );
  const allDays = db.prepare('SELECT community_code, day, best_seconds FROM community_day');
  const judgeDay = db.prepare(
    'UPDATE community_day SET kind = ?, covered = ? WHERE community_code = ? AND day = ?',
  );
  // Children of 2 to 6 digits come from the county rollup, streets from the street rollup,
  // communities from community_day itself.
  const rollupCounts = db.prepare(`
    SELECT substr(unit_code, 1, @child) AS child, substr(day, 1, 7) AS month, kind,
           SUM(covered) AS n
    FROM covered_rollup
    WHERE level = @level AND unit_code >= @codeFrom AND unit_code < @codeTo
      AND day >= @from AND day <= @to
    GROUP BY child, month, kind`);
  const communityCounts = db.prepare(`
    SELECT community_code AS child, substr(day, 1, 7) AS month, kind, COUNT(*) AS n
    FROM community_day
    WHERE community_code >= @codeFrom AND community_code < @codeTo
      AND day >= @from AND day <= @to AND covered = 1
    GROUP BY child, month, kind`);
  const revised = db.prepare(`
    SELECT COUNT(*) AS communityDays, MAX(revised_at) AS latestAt
    FROM community_day INDEXED BY community_day_revised
    WHERE revised_at IS NOT NULL AND day >= ? AND day <= ?
      AND community_code >= ? AND community_code < ?`);
  const verdictOf = db.prepare(
    'SELECT covered, kind FROM community_day WHERE community_code = ? AND day = ?',
  );
  const bump = db.prepare(`
    INSERT INTO covered_rollup (level, unit_code, day, kind, covered) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (level, unit_code, day, kind) DO UPDATE SET covered = covered + excluded.covered`);
  const clearRollups = db.prepare('DELETE FROM covered_rollup');
  const fillRollup = db.prepare(`
    INSERT INTO covered_rollup (level, unit_code, day, kind, covered)
    SELECT @level, substr(community_code, 1, @level), day, kind, COUNT(*)
    FROM community_day WHERE covered = 1 AND kind IS NOT NULL
    GROUP BY substr(community_code, 1, @level), day, kind`);
  const rebuildRollups = db.transaction(() => {
    clearRollups.run();
    for (const level of ROLLUP_LEVELS) fillRollup.run({ level });
  });

  const count = (code: string, day: string, kind: string | null, delta: number) => {
    if (kind === null) return;
    for (const level of ROLLUP_LEVELS) bump.run(level, code.slice(0, level), day, kind, delta);
  };

  const refresh = (code: string, day: string, judge: CoverageJudge, revisedAt: string | null) => {
    const seconds = (best.get(code, day) as number | null) ?? 0;
    const verdict = judge(code, day, seconds);
    const before = verdictOf.get(code, day) as { covered: number; kind: string | null } | undefined;
    if (before?.covered === 1) count(code, day, before.kind, -1);
    if (verdict.covered) count(code, day, verdict.kind, 1);
    upsertDay.run({
      code,
      day,
      kind: verdict.kind,
      best: seconds,
      covered: verdict.covered ? 1 : 0,
      revisedAt,
    });
  };

  const addServiceTime = db.transaction(
    (input: Parameters<CoverageStore['addServiceTime']>[0]): number => {
      const received = input.receivedAt.toISOString();
      let added = 0;
      const touched = new Map<string, { code: string; day: string; revisedAt: string | null }>();
      for (const interval of input.intervals) {
        const stored = insertInterval.run(
          input.terminalId,
          interval.reportedFrom,
          interval.state,
          interval.reportedTo,
          interval.correctedFrom,
          interval.correctedTo,
          received,
        );
        if (stored.changes === 0) continue;
        added += 1;
        for (const { day, seconds, closesAt } of interval.days) {
          addSeconds.run(input.terminalId, day, input.communityCode, seconds);
          // The day kept by the terminal_day row: a terminal moved since counts where it was.
          const code = communityOfDay.get(input.terminalId, day) as string | null;
          if (code === null) continue;
          const late = received >= closesAt ? received : null;
          const key = `${code} ${day}`;
          const before = touched.get(key);
          touched.set(key, { code, day, revisedAt: before?.revisedAt ?? late });
        }
      }
      for (const { code, day, revisedAt } of touched.values()) {
        refresh(code, day, input.judge, revisedAt);
      }
      return added;
    },
  );

  const assignCommunity = db.transaction(
    (terminalId: string, code: string, judge: CoverageJudge) => {
      const days = unassignedDays.all(terminalId) as string[];
      assign.run(code, terminalId);
      for (const day of days) refresh(code, day, judge, null);
    },
  );

  const applyRule = db.transaction((fingerprint: string, judge: CoverageJudge): number => {
    if (rule.get() === fingerprint) return 0;
    let judged = 0;
    const rows = allDays.all() as { community_code: string; day: string; best_seconds: number }[];
    for (const row of rows) {
      const verdict = judge(row.community_code, row.day, row.best_seconds);
      judgeDay.run(verdict.kind, verdict.covered ? 1 : 0, row.community_code, row.day);
      judged += 1;
    }
    rebuildRollups();
    setRule.run(fingerprint);
    return judged;
  });

  return {
    addServiceTime: async (input) => addServiceTime(input),
    terminalsWithUnassignedDays: async () => new Set(unassigned.all() as string[]),
    assignCommunity: async (terminalId, code, judge) => assignCommunity(terminalId, code, judge),
    applyRule: async (fingerprint, judge) => applyRule(fingerprint, judge),
    coveredCounts: async (range, childLength) => {
      const bounds = {
        codeFrom: range.prefix,
        codeTo: afterPrefix(range.prefix),
        from: range.from,
        to: range.to,
      };
      if (childLength === 12) return communityCounts.all(bounds) as CoveredCount[];
      const level = childLength <= 6 ? 6 : 9;
      return rollupCounts.all({ ...bounds, child: childLength, level }) as CoveredCount[];
    },
    rebuildRollups: async () => rebuildRollups(),
    revisions: async (range) =>
      revised.get(range.from, range.to, range.prefix, afterPrefix(range.prefix)) as {
        communityDays: number;
        latestAt: string | null;
      },
  };
}
