import { createHash, randomBytes } from 'node:crypto';

/** A new one-time token: 32 random bytes, base64url (43 characters). */
export function newEnrolmentToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the centre stores instead of the token. Tokens are random, so no slow hash is needed. */
export function enrolmentTokenSha256(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
