/**
 * Failures allowed before a lock: enough for typing mistakes on one account; more from one
 * address, where a whole office may sit behind one NAT.
 */
export const FREE_FAILURES = { account: 3, address: 10 } as const;
const FIRST_LOCK_MS = 15_000;
const LONGEST_LOCK_MS = 3_600_000;

/**
 * The lock after the `failures`-th failure in a row of one account name or one source
 * address: none for the first few, then 15 s doubling with each further failure, up to an
 * hour. A success clears the count.
 */
export function lockUntil(failures: number, at: Date, free: number): Date | null {
  if (failures <= free) return null;
  const ms = Math.min(FIRST_LOCK_MS * 2 ** (failures - free - 1), LONGEST_LOCK_MS);
  return new Date(at.getTime() + ms);
}
