/**
 * Wrong PINs lock technician sign-in out, the delay doubling with every further wrong PIN
 * (docs/technician.md): a few slips cost nothing, guessing a six-digit PIN at the screen
 * takes years. One counter for the terminal, since a PIN alone names the account.
 */
export interface LockoutPolicy {
  /** Wrong PINs allowed before the first lock. */
  freeAttempts: number;
  firstLockMs: number;
  maxLockMs: number;
}

const DEFAULT_LOCKOUT: LockoutPolicy = {
  freeAttempts: 3,
  firstLockMs: 30_000,
  maxLockMs: 3_600_000,
};

export interface SignInLockout {
  /** How long sign-in stays refused from now; 0 when a PIN may be tried. */
  remainingMs(): number;
  /** Counts a wrong PIN; returns the lock it starts (0 while attempts are free). */
  failed(): number;
  succeeded(): void;
}

export function createSignInLockout(
  /** A clock that only moves forward (performance.now()); tests pass their own. */
  monotonicNow: () => number = () => performance.now(),
  policy: LockoutPolicy = DEFAULT_LOCKOUT,
): SignInLockout {
  // Not the wall clock: NTP or a technician setting the time would end a lock early (forward)
  // or stretch it by the step (back).
  let failures = 0;
  let lockedUntil = 0;
  return {
    remainingMs() {
      return Math.max(0, lockedUntil - monotonicNow());
    },
    failed() {
      failures += 1;
      const over = failures - policy.freeAttempts;
      if (over < 0) return 0;
      const lockMs = Math.min(policy.maxLockMs, policy.firstLockMs * 2 ** Math.min(over, 30));
      lockedUntil = monotonicNow() + lockMs;
      return lockMs;
    },
    succeeded() {
      failures = 0;
      lockedUntil = 0;
    },
  };
}
