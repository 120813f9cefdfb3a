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
  now: () => number,
  policy: LockoutPolicy = DEFAULT_LOCKOUT,
): SignInLockout {
  let failures = 0;
  let lockedUntil = 0;
  let lockMs = 0;
  return {
    remainingMs() {
      // A wall clock stepped back (NTP) would lock for the hours it stepped: the lock restarts
      // from now instead, so it ends at most its own length later.
      if (lockedUntil - now() > lockMs) lockedUntil = now() + lockMs;
      return Math.max(0, lockedUntil - now());
    },
    failed() {
      failures += 1;
      const over = failures - policy.freeAttempts;
      if (over < 0) return 0;
      lockMs = Math.min(policy.maxLockMs, policy.firstLockMs * 2 ** Math.min(over, 30));
      lockedUntil = now() + lockMs;
      return lockMs;
    },
    succeeded() {
      failures = 0;
      lockedUntil = 0;
      lockMs = 0;
    },
  };
}
