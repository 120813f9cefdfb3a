import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * PINs are kept as scrypt hashes (technicians.json, docs/technician.md). A six-digit PIN has
 * only a million values, so the hash alone would not stop a determined guesser who has the
 * file; the sign-in lockout stops guessing at the screen, and the cost here slows an offline
 * search to hours rather than seconds.
 */
const DEFAULT_COST = { log2N: 14, r: 8, p: 1 } as const;
const KEY_BYTES = 32;

/** A PIN is 4 to 12 digits: typed on the kiosk's keypad. */
export const PIN_PATTERN = /^[0-9]{4,12}$/;

function derive(pin: string, salt: Buffer, log2N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(pin, salt, KEY_BYTES, { N: 2 ** log2N, r, p, maxmem: 256 * 2 ** log2N * r }, (e, key) =>
      e ? reject(e) : resolve(key),
    );
  });
}

/** `scrypt$<log2 N>$<r>$<p>$<salt>$<hash>`, base64: the form config/src/technicians.ts checks. */
export async function hashPin(
  pin: string,
  cost: { log2N: number; r: number; p: number } = DEFAULT_COST,
): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(pin, salt, cost.log2N, cost.r, cost.p);
  return [
    'scrypt',
    cost.log2N,
    cost.r,
    cost.p,
    salt.toString('base64'),
    key.toString('base64'),
  ].join('$');
}

/** False for a wrong PIN and for a hash this code cannot read (the schema refuses those). */
export async function verifyPin(pin: string, encoded: string): Promise<boolean> {
  const [name, log2N, r, p, salt, hash] = encoded.split('$');
  if (name !== 'scrypt' || !log2N || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(pin, Buffer.from(salt, 'base64'), Number(log2N), Number(r), Number(p));
  return key.length === expected.length && timingSafeEqual(key, expected);
}
