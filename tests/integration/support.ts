import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '@bianmin/common';
import { DEFAULT_CONFIG_DIR, loadTerminalConfig } from '@bianmin/config';

export const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), `bianmin-${prefix}-`));

/** A logger whose lines are kept in memory, so tests can assert what was (not) logged. */
export function memoryLogger(service: string) {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString());
      callback();
    },
  });
  return { logger: createLogger(service, { destination }), lines };
}

export function defaultTerminalConfig() {
  const loaded = loadTerminalConfig(DEFAULT_CONFIG_DIR);
  if (!loaded.ok) throw new Error('the default config must be valid');
  return loaded.value;
}
