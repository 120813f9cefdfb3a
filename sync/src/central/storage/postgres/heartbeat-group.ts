import type pg from 'pg';
import type { HeartbeatBody } from '@bianmin/contract';

/** Most terminals in one statement, and most such statements at once. */
const MAX_GROUP = 256;
const MAX_RUNNING = 2;

interface Waiter {
  resolve: (value: number) => void;
  reject: (error: unknown) => void;
}

/** What one terminal's heartbeats of one group write and read. */
interface Entry {
  beat?: { row: BeatRow; waiter: Waiter };
  running?: { row: RunningRow; waiter: Waiter };
  /** Per outbox epoch, everyone waiting for its delivery position. */
  positions: Map<string, Waiter[]>;
}

interface BeatRow {
  terminal_id: string;
  received_at: string;
  name: string;
  community_name: string;
  community_code: string;
  community_kind: string;
  street_name: string;
  street_code: string;
  county_name: string;
  county_code: string;
  city_name: string;
  city_code: string;
  province_name: string;
  province_code: string;
  interval_seconds: number;
  sent_at: string;
  devices: string;
  outbox_pending: number | undefined;
  n: number;
}

interface RunningRow {
  terminal_id: string;
  version: number;
  reported_at: string;
  n: number;
}

/**
 * What a heartbeat does on PostgreSQL, grouped: the terminal's row, the configuration
 * version it runs and its delivery position, for every heartbeat arriving in the same turn
 * of the event loop (or while the previous groups are being written), in **one statement
 * and one round trip** (docs/benchmarks.md, "Fifth round"). The writes commit without
 * waiting for the WAL flush (`synchronous_commit` off for that statement alone): a
 * heartbeat is an observation the terminal repeats every interval, so a crash may lose the
 * last fraction of a second of them and nothing else, as on SQLite. The position is read by
 * a statement that starts after the caller asked, so it shows every batch answered before.
 *
 * Rows are written in terminal order, as the ingest locks them, so two groups (of this
 * instance, another, or the ingest) touching the same terminals cannot deadlock. A group that
 * fails is retried terminal by terminal, so one refused heartbeat fails alone.
 */
export function createHeartbeatGroups(pool: pg.Pool) {
  const pending: Map<string, Entry>[] = [];
  let running = 0;
  let scheduled = false;
  // The terminals of the groups being written.
  const busy = new Set<string>();

  const entryFor = (terminalId: string, free: (entry: Entry) => boolean): Entry => {
    // The first group not yet sent where this part of the terminal's heartbeat is free.
    let group = pending.find((g) => {
      const entry = g.get(terminalId);
      return entry === undefined ? g.size < MAX_GROUP : free(entry);
    });
    if (group === undefined) {
      group = new Map();
      pending.push(group);
    }
    let entry = group.get(terminalId);
    if (entry === undefined) {
      entry = { positions: new Map() };
      group.set(terminalId, entry);
    }
    if (!scheduled) {
      scheduled = true;
      // After this turn's requests have added theirs.
      setImmediate(flush);
    }
    return entry;
  };

  const flush = () => {
    scheduled = false;
    while (running < MAX_RUNNING && pending.length > 0) {
      const group = pending[0]!;
      // A terminal's later heartbeat waits for its earlier one, so it is the one kept.
      if ([...group.keys()].some((id) => busy.has(id))) return;
      pending.shift();
      running += 1;
      for (const id of group.keys()) busy.add(id);
      void send(group).finally(() => {
        running -= 1;
        for (const id of group.keys()) busy.delete(id);
        if (pending.length > 0 && !scheduled) flush();
      });
    }
  };

  const send = async (group: Map<string, Entry>) => {
    const entries = [...group.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    try {
      await write(entries);
    } catch (error) {
      if (entries.length === 1) {
        settle(entries, error);
        return;
      }
      for (const one of entries) {
        try {
          await write([one]);
        } catch (alone) {
          settle([one], alone);
        }
      }
    }
  };

  const settle = (entries: [string, Entry][], error: unknown) => {
    for (const [, entry] of entries) {
      entry.beat?.waiter.reject(error);
      entry.running?.waiter.reject(error);
      for (const waiters of entry.positions.values()) for (const w of waiters) w.reject(error);
    }
  };

  const write = async (entries: [string, Entry][]) => {
    const beats: BeatRow[] = [];
    const runs: RunningRow[] = [];
    const reads: { terminal_id: string; epoch: string; n: number }[] = [];
    const readers: Waiter[][] = [];
    for (const [terminalId, entry] of entries) {
      if (entry.beat) beats.push({ ...entry.beat.row, n: beats.length });
      if (entry.running) runs.push({ ...entry.running.row, n: runs.length });
      for (const [epoch, waiters] of entry.positions) {
        reads.push({ terminal_id: terminalId, epoch, n: reads.length });
        readers.push(waiters);
      }
    }
    const { rows } = await pool.query<{ n: number; acked_up_to: number }>({
      // Prepared once per connection: planning this statement anew cost PostgreSQL more than
      // running it for a group of one or two (docs/benchmarks.md, tenth round).
      name: 'heartbeat_group',
      text: GROUP_STATEMENT,
      values: [JSON.stringify(beats), JSON.stringify(runs), JSON.stringify(reads)],
    });
    const acked = new Map(rows.map((r) => [r.n, r.acked_up_to]));
    for (const [, entry] of entries) {
      entry.beat?.waiter.resolve(0);
      entry.running?.waiter.resolve(0);
    }
    readers.forEach((waiters, n) => {
      for (const w of waiters) w.resolve(acked.get(n) ?? 0);
    });
  };

  return {
    /** Upserts the terminal's row as the heartbeat says (the store's `record`). */
    record: (body: HeartbeatBody, receivedAt: Date): Promise<void> =>
      new Promise<number>((resolve, reject) => {
        const entry = entryFor(body.terminalId, (e) => e.beat === undefined);
        entry.beat = { row: beatRow(body, receivedAt), waiter: { resolve, reject } };
      }).then(() => undefined),
    /** Notes the configuration version the terminal runs. */
    noteRunning: (terminalId: string, version: number, at: Date): Promise<void> =>
      new Promise<number>((resolve, reject) => {
        const entry = entryFor(terminalId, (e) => e.running === undefined);
        entry.running = {
          row: { terminal_id: terminalId, version, reported_at: at.toISOString(), n: 0 },
          waiter: { resolve, reject },
        };
      }).then(() => undefined),
    /** The last seq acknowledged in the terminal's outbox epoch (0: none). */
    position: (terminalId: string, epoch: string): Promise<number> =>
      new Promise<number>((resolve, reject) => {
        const entry = entryFor(terminalId, () => true);
        const waiting = entry.positions.get(epoch) ?? [];
        waiting.push({ resolve, reject });
        entry.positions.set(epoch, waiting);
      }),
  };
}

export type HeartbeatGroups = ReturnType<typeof createHeartbeatGroups>;

function beatRow(body: HeartbeatBody, receivedAt: Date): BeatRow {
  const { community, region } = body.terminal;
  return {
    terminal_id: body.terminalId,
    received_at: receivedAt.toISOString(),
    name: body.terminal.name,
    community_name: community.name,
    community_code: community.code,
    community_kind: community.kind,
    street_name: region.street.name,
    street_code: region.street.code,
    county_name: region.county.name,
    county_code: region.county.code,
    city_name: region.city.name,
    city_code: region.city.code,
    province_name: region.province.name,
    province_code: region.province.code,
    interval_seconds: body.intervalSeconds,
    sent_at: body.sentAt,
    devices: JSON.stringify(body.devices),
    outbox_pending: body.outboxPending,
    n: 0,
  };
}

// The rows travel as JSON (one parameter each, no array serialisation in `pg`). Data-changing
// parts of a WITH run once whether the final SELECT reads them or not.
const GROUP_STATEMENT = `
  WITH relaxed AS (SELECT set_config('synchronous_commit', 'off', true)),
  beats AS (
    INSERT INTO terminals (
      terminal_id, first_seen_at, name, community_name, community_code, community_kind,
      street_name, street_code, county_name, county_code, city_name, city_code,
      province_name, province_code, interval_seconds, last_seen_at, last_sent_at, devices,
      outbox_pending
    )
    SELECT b.terminal_id, b.received_at, b.name, b.community_name, b.community_code,
      b.community_kind, b.street_name, b.street_code, b.county_name, b.county_code,
      b.city_name, b.city_code, b.province_name, b.province_code, b.interval_seconds,
      b.received_at, b.sent_at, b.devices, b.outbox_pending
    FROM relaxed, json_to_recordset($1::json) AS b(
      terminal_id text, received_at timestamptz, name text, community_name text,
      community_code text, community_kind text, street_name text, street_code text,
      county_name text, county_code text, city_name text, city_code text, province_name text,
      province_code text, interval_seconds double precision, sent_at text, devices text,
      outbox_pending integer, n integer)
    ORDER BY b.n
    ON CONFLICT (terminal_id) DO UPDATE SET
      name = EXCLUDED.name,
      community_name = EXCLUDED.community_name,
      community_code = EXCLUDED.community_code,
      community_kind = EXCLUDED.community_kind,
      street_name = EXCLUDED.street_name,
      street_code = EXCLUDED.street_code,
      county_name = EXCLUDED.county_name,
      county_code = EXCLUDED.county_code,
      city_name = EXCLUDED.city_name,
      city_code = EXCLUDED.city_code,
      province_name = EXCLUDED.province_name,
      province_code = EXCLUDED.province_code,
      interval_seconds = EXCLUDED.interval_seconds,
      last_seen_at = EXCLUDED.last_seen_at,
      last_sent_at = EXCLUDED.last_sent_at,
      devices = EXCLUDED.devices,
      outbox_pending = EXCLUDED.outbox_pending
  ),
  running AS (
    INSERT INTO config_running (terminal_id, version, reported_at)
    SELECT r.terminal_id, r.version, r.reported_at
    FROM relaxed, json_to_recordset($2::json)
      AS r(terminal_id text, version bigint, reported_at timestamptz, n integer)
    ORDER BY r.n
    ON CONFLICT (terminal_id) DO UPDATE SET version = EXCLUDED.version,
      reported_at = EXCLUDED.reported_at
  )
  SELECT q.n, d.acked_up_to
  FROM json_to_recordset($3::json) AS q(terminal_id text, epoch text, n integer)
  JOIN delivery_positions d ON d.terminal_id = q.terminal_id AND d.epoch = q.epoch`;
