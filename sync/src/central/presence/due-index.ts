/**
 * When each terminal's presence may next change with no new heartbeat (its last missed
 * heartbeat falls due), so a sweep reads only the terminals that are due instead of every
 * terminal (docs/benchmarks.md, "The centre at national scale"). Buckets of one second: a
 * terminal moves between buckets as its heartbeats push its instant on.
 */
export function createDueIndex() {
  const SECOND = 1000;
  const bucketOf = new Map<string, number>();
  const buckets = new Map<number, Set<string>>();
  // Lowest bucket that may be non-empty; Infinity when the index is empty.
  let earliest = Infinity;

  const remove = (terminalId: string) => {
    const bucket = bucketOf.get(terminalId);
    if (bucket === undefined) return;
    bucketOf.delete(terminalId);
    const members = buckets.get(bucket);
    members?.delete(terminalId);
    if (members?.size === 0) buckets.delete(bucket);
  };

  return {
    /** The terminal is next due at `dueMs`; undefined: nothing will change without news. */
    set(terminalId: string, dueMs: number | undefined) {
      remove(terminalId);
      if (dueMs === undefined || !Number.isFinite(dueMs)) return;
      // Rounded up: a terminal is never taken before its instant.
      const bucket = Math.ceil(dueMs / SECOND);
      bucketOf.set(terminalId, bucket);
      let members = buckets.get(bucket);
      if (members === undefined) buckets.set(bucket, (members = new Set()));
      members.add(terminalId);
      earliest = Math.min(earliest, bucket);
    },
    /** The earliest instant some terminal is due, in ms (Infinity: none). */
    earliestMs: () => (buckets.size === 0 ? Infinity : earliest * SECOND),
    /** Removes and returns the terminals due at or before `atMs`. */
    takeDue(atMs: number): string[] {
      const due: string[] = [];
      const last = Math.floor(atMs / SECOND);
      if (buckets.size === 0) earliest = Infinity;
      // Walks second by second from the earliest bucket; a long silence of the sweeper
      // (the centre stopped) jumps over empty seconds through the sorted keys instead.
      const keys =
        last - earliest > buckets.size
          ? [...buckets.keys()].filter((k) => k <= last).sort((a, b) => a - b)
          : null;
      const take = (bucket: number) => {
        const members = buckets.get(bucket);
        if (members === undefined) return;
        buckets.delete(bucket);
        for (const id of members) {
          bucketOf.delete(id);
          due.push(id);
        }
      };
      if (keys) keys.forEach(take);
      else for (let b = earliest; b <= last; b++) take(b);
      if (last >= earliest) earliest = buckets.size === 0 ? Infinity : last + 1;
      return due;
    },
    clear() {
      bucketOf.clear();
      buckets.clear();
      earliest = Infinity;
    },
  };
}
