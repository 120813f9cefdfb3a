import type pg from 'pg';
import type { TerminalRegistry } from '../../trust/trust-store.js';
import { forgettingAround } from '../../trust/registry-cache.js';
import { toRegistered, type TerminalRow, type TerminalText } from './trust-store.js';

/** Terminals read per statement while the mirror is first filled. */
const LOAD_PAGE = 2_000;
/** How often the registry's changes since the last look are read. */
const FOLLOW_EVERY_MS = 250;

const yieldToRequests = () => new Promise((resolve) => setImmediate(resolve));

/**
 * A registry row as few heap objects as it can be: one object with its own fields, the
 * identity as the JSON text it is stored as (parsed for each `get`, 1.6 µs, rather than kept
 * as some twenty objects), times as ISO text, the algorithm's name shared. With 120,000 terminals the mirror is
 * most of a centre's heap, and each full garbage collection marks every object it holds
 * (docs/benchmarks.md, tenth round).
 */
type Kept = TerminalText & { xid: bigint };

const algorithms = new Map<string, string>();
const shared = (algorithm: string | null) => {
  if (algorithm === null) return null;
  const known = algorithms.get(algorithm);
  if (known !== undefined) return known;
  algorithms.set(algorithm, algorithm);
  return algorithm;
};

const keptOf = (row: TerminalRow, xid: bigint): Kept => ({
  terminal_id: row.terminal_id,
  identity: row.identity,
  created_at: row.created_at.toISOString(),
  algorithm: shared(row.algorithm),
  public_key: row.public_key,
  enrolled_at: row.enrolled_at?.toISOString() ?? null,
  revoked_at: row.revoked_at?.toISOString() ?? null,
  xid,
});

/**
 * The whole terminal registry kept in this centre instance's memory, so a signed request
 * reads nothing: with 120,000 terminals each heard once a minute, a cache of what requests
 * read misses for nearly every heartbeat (docs/centre-postgres.md). Filled page by page in
 * the background, then kept current by reading, every `FOLLOW_EVERY_MS`, the rows changed
 * since the oldest transaction that was still running at the previous read
 * (`registered_terminals.changed_xid`): a row is never missed for having committed late.
 *
 * A terminal the mirror holds enrolled and not revoked is answered from it only while its
 * last read of changes started less than `trustMs` ago, so a revocation made at another
 * instance takes effect here within `trustMs`, as with the cache. Otherwise, and for a
 * terminal it does not hold (registered since), `registry` answers: one enrolled at another
 * instance a moment ago signs its next request here. A change made through this instance
 * drops the terminal from the mirror at once; a read under way when it was made does not
 * bring the old row back.
 */
export function withRegistryMirror(
  pool: pg.Pool,
  registry: TerminalRegistry,
  options: { trustMs: number; now?: () => number },
) {
  const now = options.now ?? Date.now;
  const kept = new Map<string, Kept>();
  let followedAt = -Infinity;
  let horizon: string | undefined;
  let stopped = false;
  // Counts local changes; `touched` says when each terminal was last changed here.
  let changes = 0;
  const touched = new Map<string, number>();

  const keep = (rows: (TerminalRow & { xid: string })[], readFrom: number) => {
    for (const { xid, ...row } of rows) {
      if ((touched.get(row.terminal_id) ?? -1) >= readFrom) continue;
      const at = BigInt(xid);
      const old = kept.get(row.terminal_id);
      if (old === undefined || old.xid <= at) kept.set(row.terminal_id, keptOf(row, at));
    }
  };

  // One read at a time, so `touched` can forget what no read under way started before.
  const read = async <T>(run: () => Promise<T>): Promise<T> => {
    const readFrom = changes;
    const result = await run();
    for (const [id, at] of touched) if (at < readFrom) touched.delete(id);
    return result;
  };

  const follow = async () => {
    const startedAt = now();
    const readFrom = changes;
    const found = await pool.query<TerminalRow & { xid: string | null; horizon: string }>(
      `SELECT h.horizon, r.*, r.changed_xid::text AS xid
       FROM (SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon) h
       LEFT JOIN registered_terminals r ON r.changed_xid >= $1::xid8`,
      [horizon],
    );
    keep(
      found.rows.flatMap(({ horizon: _, ...r }) => (r.xid === null ? [] : [{ ...r, xid: r.xid }])),
      readFrom,
    );
    horizon = found.rows[0]?.horizon ?? horizon;
    followedAt = startedAt;
  };

  const load = async () => {
    const first = await pool.query<{ horizon: string }>(
      'SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon',
    );
    horizon = first.rows[0]?.horizon;
    followedAt = now();
    let after = '';
    while (!stopped) {
      if (now() - followedAt >= FOLLOW_EVERY_MS) await read(follow);
      const readFrom = changes;
      const page = await read(() =>
        pool.query<TerminalRow & { xid: string }>(
          `SELECT *, changed_xid::text AS xid FROM registered_terminals
           WHERE terminal_id > $1 ORDER BY terminal_id LIMIT $2`,
          [after, LOAD_PAGE],
        ),
      );
      keep(page.rows, readFrom);
      const last = page.rows.at(-1);
      if (last === undefined) return;
      after = last.terminal_id;
      await yieldToRequests();
    }
  };

  // One step: fills the mirror at first, then reads what changed.
  const refresh = async () => {
    if (horizon === undefined) await load();
    else await read(follow);
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = async () => {
    try {
      await refresh();
    } catch {
      // The database is unreachable for now: the mirror goes untrusted, reads go to it.
    }
    if (stopped) return;
    // Every FOLLOW_EVERY_MS from the start of the last look, so a slow look (a busy database)
    // leaves the mirror trusted as long as it can.
    // Never longer than the period: a wall clock stepped back would stop the following.
    const untilNext = Math.min(FOLLOW_EVERY_MS, followedAt + FOLLOW_EVERY_MS - now());
    timer = setTimeout(() => void run(), Math.max(0, untilNext));
    timer.unref();
  };

  const forget = (terminalId: string) => {
    changes += 1;
    touched.set(terminalId, changes);
    kept.delete(terminalId);
  };
  const changing = forgettingAround(forget);

  const mirrored: TerminalRegistry = {
    get(terminalId) {
      const hit = now() - followedAt < options.trustMs ? kept.get(terminalId) : undefined;
      // Not enrolled or revoked here may be enrolled by now at another instance, whose next
      // request may come here: read (only a terminal that may sign is taken from memory).
      const usable = hit !== undefined && hit.public_key !== null && hit.revoked_at === null;
      if (!usable) return registry.get(terminalId);
      return Promise.resolve(toRegistered(hit));
    },
    create: changing((terminalId, terminal, token) => registry.create(terminalId, terminal, token)),
    issueToken: changing((terminalId, token) => registry.issueToken(terminalId, token)),
    revoke: changing((terminalId, at) => registry.revoke(terminalId, at)),
    enrol: async (input) => changing(() => registry.enrol(input))(input.terminalId),
  };

  return {
    registry: mirrored,
    /** Starts filling the mirror, then following the registry's changes. */
    start: () => void run(),
    /** One step of that, at once (for tests): fills the mirror or reads what changed. */
    refresh,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
