import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { resolveConfigDir } from './environment.js';
import { writeCounterPin } from './counter-pin-file.js';

const USAGE = `usage: npm run counter:pin -- <counter number>

Asks for the counter staff's new PIN (4 to 8 digits; typed twice, not shown) and writes its
scrypt hash, never the PIN, into that counter's "pinHash" in services.json in
$BIANMIN_CONFIG_DIR (or config/defaults). Restart the agent to use it.
Without a terminal the PIN is read from the first line of standard input.
Exit status: 0 written, 1 refused (nothing written), 2 usage error.`;

/** One line from the terminal without echoing it, or from a pipe as it comes. */
async function readSecret(prompt: string, lines: AsyncIterator<string>): Promise<string> {
  if (!process.stdin.isTTY) return ((await lines.next()).value as string | undefined) ?? '';
  process.stdout.write(prompt);
  process.stdin.setRawMode(true);
  let text = '';
  try {
    for (;;) {
      const [byte] = (await new Promise<Buffer>((resolve) =>
        process.stdin.once('data', resolve),
      )) as unknown as number[];
      if (byte === 3) return '';
      if (byte === 13 || byte === 10) break;
      if (byte === 127) text = text.slice(0, -1);
      else if (byte !== undefined) text += String.fromCharCode(byte);
    }
  } finally {
    process.stdin.setRawMode(false);
    process.stdout.write('\n');
  }
  return text;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const counter = Number(args[0]);
  if (args.length !== 1 || !Number.isInteger(counter) || counter < 1 || counter > 99) {
    console.error(USAGE);
    return 2;
  }
  const reader = createInterface({ input: process.stdin, terminal: false });
  const lines = reader[Symbol.asyncIterator]();
  try {
    const pin = await readSecret(`New PIN for counter ${counter}: `, lines);
    if (process.stdin.isTTY && (await readSecret('Again: ', lines)) !== pin) {
      console.error('The two PINs differ; nothing written.');
      return 1;
    }
    const servicesPath = join(resolveConfigDir(), 'services.json');
    const written = await writeCounterPin(servicesPath, counter, pin.trim());
    if (!written.ok) {
      console.error(written.error);
      return 1;
    }
    process.stdout.write(
      `Counter ${counter}'s PIN hash is in ${servicesPath}. Restart the agent to use it.\n`,
    );
    return 0;
  } finally {
    reader.close();
  }
}

process.exitCode = await main();
