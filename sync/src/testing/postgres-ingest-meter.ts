/**
 * What a PostgreSQL run of the ingest benchmark (scripts/bench/centre-ingest.ts) cost
 * besides its wall time and CPU (docs/benchmarks.md, "Fifth round"): the statements the
 * centre's `pg` clients sent per request (each a round trip to a backend), the cluster's
 * WAL flushes per request, and the CPU time the cluster's processes spent per event (on 2
 * cores the database's CPU is taken from the centre's).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { countStatements, totalOf } from './postgres-statements.js';

export interface Meter {
  /** Stops counting; the pools must be ended first so that their backends report their WAL. */
  stop(requests: number, events: number): Promise<string>;
}

async function walSyncs(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>('SELECT wal_sync AS n FROM pg_stat_wal');
    return Number(rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

/** utime, stime, cutime, cstime of /proc/<pid>/stat, and the parent's pid, in clock ticks. */
function procTimes(pid: string): { ppid: number; own: number; reaped: number } | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Fields after the command's closing parenthesis, from the state (field 3) on.
  const fields = stat
    .slice(stat.lastIndexOf(')') + 2)
    .split(' ')
    .map(Number);
  const at = (field: number) => fields[field - 3] ?? 0;
  return { ppid: at(4), own: at(14) + at(15), reaped: at(16) + at(17) };
}

/**
 * CPU milliseconds of the cluster so far: the postmaster, its live children, and the
 * children it has reaped (a backend that ended is counted by its parent). Linux, 100 ticks/s.
 */
function clusterCpuMs(url: string): number | undefined {
  const socketDir = new URL(url).searchParams.get('host');
  if (socketDir === null) return undefined;
  let postmaster: string;
  try {
    postmaster = readFileSync(join(socketDir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]!;
  } catch {
    return undefined;
  }
  const parent = procTimes(postmaster);
  if (parent === undefined) return undefined;
  let ticks = parent.own + parent.reaped;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const child = procTimes(pid);
    if (child?.ppid === Number(postmaster)) ticks += child.own;
  }
  return ticks * 10;
}

export async function startMeter(url: string): Promise<Meter> {
  const walBefore = await walSyncs(url);
  const cpuBefore = clusterCpuMs(url);
  const statements = countStatements();
  return {
    async stop(requests, events) {
      const sent = totalOf(statements.stop());
      const walAfter = await walSyncs(url);
      const cpuAfter = clusterCpuMs(url);
      const cpu =
        cpuBefore === undefined || cpuAfter === undefined
          ? ''
          : `, PostgreSQL CPU ${((1000 * (cpuAfter - cpuBefore)) / Math.max(1, events)).toFixed(1)} µs/event`;
      return (
        `${(sent / Math.max(1, requests)).toFixed(2)} statements and ` +
        `${((walAfter - walBefore) / Math.max(1, requests)).toFixed(2)} WAL flushes per request` +
        cpu
      );
    },
  };
}
