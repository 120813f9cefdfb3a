import { createInterface } from 'node:readline/promises';
import { cardNumberKey, hashSecret, PIN_PATTERN } from './secret-hash.js';

/**
 * `npm run technician:pin`: reads a PIN (twice) from standard input and prints its hash for
 * an account's "pinHash" in technicians.json (docs/technician.md). With `-- --card` it reads
 * the technician's own ID card number instead and prints the hash for "cardHash". Neither
 * is written anywhere; `echo 246810 | npm run -s technician:pin` works for scripts.
 */
const card = process.argv.slice(2).includes('--card');
const what = card
  ? {
      prompt: "The technician's ID card number (18 characters, or 15 on a 2017 foreign card): ",
      again: 'The same number again: ',
      check: cardNumberKey,
      wrong: 'not an ID card number (its check character does not match, or its length is wrong).',
      differ: 'the two numbers differ.',
    }
  : {
      prompt: 'PIN (4 to 12 digits): ',
      again: 'The same PIN again: ',
      check: (text: string) => (PIN_PATTERN.test(text) ? text : null),
      wrong: 'a PIN is 4 to 12 digits.',
      differ: 'the two PINs differ.',
    };

const input = createInterface({ input: process.stdin, terminal: false });
const lines = input[Symbol.asyncIterator]();
const ask = async (prompt: string): Promise<string> => {
  process.stderr.write(prompt);
  const next = await lines.next();
  return next.done ? '' : String(next.value).trim();
};

const secret = what.check(await ask(what.prompt));
if (secret === null) {
  console.error(`technician:pin: ${what.wrong}`);
  process.exit(2);
}
if (process.stdin.isTTY) {
  if (what.check(await ask(what.again)) !== secret) {
    console.error(`technician:pin: ${what.differ}`);
    process.exit(2);
  }
}
input.close();
process.stdout.write(`${await hashSecret(secret)}\n`);
