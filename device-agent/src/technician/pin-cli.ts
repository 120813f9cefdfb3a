import { createInterface } from 'node:readline/promises';
import { hashPin, PIN_PATTERN } from './pin-hash.js';

/**
 * `npm run technician:pin`: reads a PIN (twice) from standard input and prints its hash for
 * an account's "pinHash" in technicians.json (docs/technician.md). The PIN is never written
 * anywhere; `echo 246810 | npm run technician:pin` works for scripts.
 */
const input = createInterface({ input: process.stdin, terminal: false });
const lines = input[Symbol.asyncIterator]();
const ask = async (prompt: string): Promise<string> => {
  process.stderr.write(prompt);
  const next = await lines.next();
  return next.done ? '' : String(next.value).trim();
};

const pin = await ask('PIN (4 to 12 digits): ');
if (!PIN_PATTERN.test(pin)) {
  console.error('technician:pin: a PIN is 4 to 12 digits.');
  process.exit(2);
}
if (process.stdin.isTTY) {
  const again = await ask('The same PIN again: ');
  if (again !== pin) {
    console.error('technician:pin: the two PINs differ.');
    process.exit(2);
  }
}
input.close();
process.stdout.write(`${await hashPin(pin)}\n`);
