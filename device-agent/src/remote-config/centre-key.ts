import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfigKey } from '@bianmin/contract';
import { writeFileAtomic } from '../storage/atomic-file.js';

/** The centre's configuration-signing key, pinned at enrolment beside terminal-key.json. */
const CENTRE_CONFIG_KEY_FILE = 'centre-config-key.json';

/** The pinned key, or undefined when the terminal has none (or the file is unreadable). */
export function readCentreConfigKey(dataDir: string): ConfigKey | undefined {
  try {
    const parsed = JSON.parse(readFileSync(join(dataDir, CENTRE_CONFIG_KEY_FILE), 'utf8')) as {
      algorithm?: unknown;
      publicKey?: unknown;
    };
    if (typeof parsed.algorithm === 'string' && typeof parsed.publicKey === 'string') {
      return { algorithm: parsed.algorithm, publicKey: parsed.publicKey };
    }
  } catch {
    // absent or unreadable: no key, and every document is refused as no-key
  }
  return undefined;
}

export function writeCentreConfigKey(dataDir: string, key: ConfigKey): void {
  writeFileAtomic(join(dataDir, CENTRE_CONFIG_KEY_FILE), JSON.stringify(key, null, 2));
}
