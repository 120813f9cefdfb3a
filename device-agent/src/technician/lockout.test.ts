import { describe, expect, it } from 'vitest';
import { createSignInLockout } from './lockout.js';

describe('technician sign-in lockout', () => {
  it('lets three wrong PINs pass, then locks 30 s, doubling with each further wrong PIN', () => {
    let now = 1_000_000;
    const lockout = createSignInLockout(() => now);
    expect([lockout.failed(), lockout.failed(), lockout.failed()]).toEqual([0, 0, 30_000]);
    expect(lockout.remainingMs()).toBe(30_000);
    now += 29_999;
    expect(lockout.remainingMs()).toBe(1);
    now += 1;
    expect(lockout.remainingMs()).toBe(0);
    expect(lockout.failed()).toBe(60_000);
    now += 60_000;
    expect(lockout.failed()).toBe(120_000);
  });

  it('caps the lock at an hour and forgets it all after a right PIN', () => {
    let now = 0;
    const lockout = createSignInLockout(() => now);
    for (let i = 0; i < 20; i += 1) lockout.failed();
    expect(lockout.remainingMs()).toBe(3_600_000);
    now += 3_600_000;
    lockout.succeeded();
    expect([lockout.failed(), lockout.failed()]).toEqual([0, 0]);
    expect(lockout.remainingMs()).toBe(0);
  });
});
