import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { isValidIdNumber } from '@bianmin/contract/id-number';

/**
 * PINs and technicians' card numbers are kept as scrypt hashes (technicians.json,
 * docs/technician.md). A six-digit PIN has only a million values, so the hash alone would not
 * stop a determined guesser who has the file; the sign-in lockout stops guessing at the
 * screen, and the cost here slows an offline search to hours rather than seconds. A card
 * number is hashed the same way, so the file never holds a technician's ID number.
 */
const DEFAULT_COST = { log2N: 14, r: 8, p: 1 } as const;
const KEY_BYTES = 32;

/** A PIN is 4 to 12 digits: typed on the kiosk's keypad. */
export const PIN_PATTERN = /^[0-9]{4,12}$/;

/** The 2017 foreign permanent residence card's number: 3 letters of nationality, 12 digits. */
const FOREIGN_2017_NUMBER = /^[A-Z]{3}[0-9]{12}$/;

/** A card's number as hashed: upper case (a typed x is the card's X), no spaces. */
export function cardNumberKey(text: string): string | null {
  const key = text.replace(/\s+/g, '').toUpperCase();
  return isValidIdNumber(key) || FOREIGN_2017_NUMBER.test(key) ? key : null;
}

function derive(
  secret: string,
  salt: Buffer,
  log2N: number,
  r: number,
  p: number,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      secret,
      salt,
      KEY_BYTES,
      { N: 2 ** log2N, r, p, maxmem: 256 * 2 ** log2N * r },
      (e, key) => (e ? reject(e) : resolve(key)),
    );
  });
}

/** `scrypt$<log2 N>$<r>$<p>$<salt>$<hash>`, base64: the form config/src/technicians.ts checks. */
export async function hashSecret(
  secret: string,
  cost: { log2N: number; r: number; p: number } = DEFAULT_COST,
): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(secret, salt, cost.log2N, cost.r, cost.p);
  return [
    'scrypt',
    cost.log2N,
    cost.r,
    cost.p,
    salt.toString('base64'),
    key.toString('base64'),
  ].join('$');
}

/** False for a wrong secret and for a hash this code cannot read (the schema refuses those). */
export async function verifySecret(secret: string, encoded: string): Promise<boolean> {
  const [name, log2N, r, p, salt, hash] = encoded.split('$');
  if (name !== 'scrypt' || !log2N || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(
    secret,
    Buffer.from(salt, 'base64'),
    Number(log2N),
    Number(r),
    Number(p),
  );
  return key.length === expected.length && timingSafeEqual(key, expected);
}
