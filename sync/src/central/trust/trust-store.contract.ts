import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ok } from '@bianmin/common';
import { snapshot } from '../../testing/fixtures.js';
import type { StoreUnderTest } from '../event-store.contract.js';
import type { IssuedToken, NonceStore, TerminalRegistry } from './trust-store.js';

export interface TrustStores {
  registry: TerminalRegistry;
  nonces: NonceStore;
}

const T1 = 'xz-xfl-001';
const IDENTITY = snapshot().terminal;
const ISSUED = new Date('2026-03-02T02:00:00.000Z');
const hours = (n: number) => new Date(ISSUED.getTime() + n * 3_600_000);
const token = (sha256: string, validHours = 72): IssuedToken => ({
  sha256,
  issuedAt: ISSUED,
  expiresAt: hours(validHours),
});
const SHA_A = 'a'.repeat(64);
const SHA_B = 'b'.repeat(64);
const KEY = { algorithm: 'ed25519', publicKey: 'MCowBQYDK2VwAyEA'.padEnd(60, 'k') };
const OTHER_KEY = { algorithm: 'ed25519', publicKey: 'MCowBQYDK2VwAyEA'.padEnd(60, 'o') };

/** The TerminalRegistry and NonceStore contract, run against every implementation. */
export function describeTrustStores(
  name: string,
  makeStores: () => Promise<StoreUnderTest<TrustStores>>,
): void {
  describe(`trust stores on ${name}`, () => {
    let subject: StoreUnderTest<TrustStores>;
    let registry: TerminalRegistry;
    let nonces: NonceStore;
    beforeEach(async () => {
      subject = await makeStores();
      ({ registry, nonces } = subject.store);
    });
    afterEach(() => subject.close());

    const enrol = (sha: string, at: Date, key = KEY) =>
      registry.enrol({ terminalId: T1, tokenSha256: sha, ...key, at });

    it('creates a terminal once, awaiting enrolment', async () => {
      expect(await registry.get(T1)).toBeUndefined();
      expect(await registry.create(T1, IDENTITY, token(SHA_A))).toEqual(ok(undefined));
      expect(await registry.create(T1, IDENTITY, token(SHA_B))).toEqual({
        ok: false,
        error: 'exists',
      });
      expect(await registry.get(T1)).toEqual({
        terminalId: T1,
        terminal: IDENTITY,
        createdAt: ISSUED.toISOString(),
        key: null,
        revokedAt: null,
      });
    });

    it('enrols with the token once; the same key again succeeds, another is refused', async () => {
      await registry.create(T1, IDENTITY, token(SHA_A));
      const enrolled = await enrol(SHA_A, hours(1));
      expect(enrolled).toEqual(
        ok({
          terminalId: T1,
          terminal: IDENTITY,
          createdAt: ISSUED.toISOString(),
          key: { ...KEY, enrolledAt: hours(1).toISOString() },
          revokedAt: null,
        }),
      );
      expect(await enrol(SHA_A, hours(2))).toEqual(enrolled);
      expect(await enrol(SHA_A, hours(2), OTHER_KEY)).toEqual({
        ok: false,
        error: 'enrolment-token-used',
      });
    });

    it('refuses an unknown, another terminal’s or an expired token', async () => {
      await registry.create(T1, IDENTITY, token(SHA_A, 1));
      await registry.create('xz-xfl-002', IDENTITY, token(SHA_B));
      expect(await enrol('c'.repeat(64), ISSUED)).toEqual({
        ok: false,
        error: 'enrolment-token-unknown',
      });
      expect(await enrol(SHA_B, ISSUED)).toEqual({ ok: false, error: 'enrolment-token-unknown' });
      expect(await enrol(SHA_A, hours(1))).toEqual({ ok: false, error: 'enrolment-token-expired' });
      expect((await registry.get(T1))?.key).toBeNull();
    });

    it('issues a new token that replaces the unused one', async () => {
      expect(await registry.issueToken(T1, token(SHA_B))).toEqual({ ok: false, error: 'unknown' });
      await registry.create(T1, IDENTITY, token(SHA_A));
      expect(await registry.issueToken(T1, token(SHA_B))).toEqual(ok(undefined));
      expect(await enrol(SHA_A, hours(1))).toEqual({ ok: false, error: 'enrolment-token-unknown' });
      expect((await enrol(SHA_B, hours(1))).ok).toBe(true);
    });

    it('revokes, cancelling unused tokens, and re-enrols with a new token and key', async () => {
      expect(await registry.revoke(T1, hours(1))).toEqual({ ok: false, error: 'unknown' });
      await registry.create(T1, IDENTITY, token(SHA_A));
      await enrol(SHA_A, hours(1));
      expect(await registry.revoke(T1, hours(2))).toEqual(ok(undefined));
      expect((await registry.get(T1))?.revokedAt).toBe(hours(2).toISOString());
      // The used token does not come back to life with the old key once revoked.
      expect(await enrol(SHA_A, hours(3))).toEqual({ ok: false, error: 'enrolment-token-used' });
      await registry.issueToken(T1, token(SHA_B));
      const again = await enrol(SHA_B, hours(3), OTHER_KEY);
      expect(again).toMatchObject({ ok: true, value: { revokedAt: null, key: OTHER_KEY } });
    });

    it('remembers a nonce per terminal until it expires', async () => {
      const now = ISSUED;
      expect(await nonces.remember(T1, 'n-1', hours(1), now)).toBe(true);
      expect(await nonces.remember(T1, 'n-1', hours(1), now)).toBe(false);
      expect(await nonces.remember('xz-xfl-002', 'n-1', hours(1), now)).toBe(true);
      // Past its keep-until, a nonce is forgotten and may be recorded again.
      expect(await nonces.remember(T1, 'n-1', hours(3), hours(2))).toBe(true);
      expect(await nonces.remember(T1, 'n-1', hours(3), hours(2))).toBe(false);
    });
  });
}
