import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Counter staff PINs (docs/counter.md): only an scrypt hash is kept, in services.json's
 * counters (`pinHash`). The parameters are node's defaults (N 16384, r 8, p 1): about 50 ms a
 * try, which with the agent's lock-out makes guessing a 4-digit PIN take days.
 */

const SALT_BYTES = 16;
const KEY_BYTES = 32;
const PREFIX = 'scrypt';

/** A PIN staff type: 4 to 8 digits. */
export const PIN_PATTERN = /^[0-9]{4,8}$/;
/**
 * A PIN anyone would try first: one digit repeated (the defaults' sample PINs are such) or a
 * run up or down (1234, 9876). `counter:pin` refuses them, and a production terminal refuses
 * to sign in with one.
 */
export function isTrivialPin(pin: string): boolean {
  const digits = [...pin].map(Number);
  const steps = new Set(digits.slice(1).map((d, i) => d - digits[i]!));
  return steps.size === 1 && [0, 1, -1].includes([...steps][0]!);
}

/** `scrypt:<salt>:<key>`, both base64url. */
export const PIN_HASH_PATTERN = /^scrypt:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]{43}$/;

function derive(pin: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(pin.normalize('NFKC'), salt, KEY_BYTES, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

export async function hashCounterPin(pin: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(pin, salt);
  return `${PREFIX}:${salt.toString('base64url')}:${key.toString('base64url')}`;
}

/** False for a wrong PIN and for a hash not in the format above. */
export async function verifyCounterPin(pin: string, hash: string): Promise<boolean> {
  if (!PIN_HASH_PATTERN.test(hash)) return false;
  const [, salt, key] = hash.split(':') as [string, string, string];
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(pin, Buffer.from(salt, 'base64url'));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
