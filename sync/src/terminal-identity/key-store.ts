import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { err, ok, type Result } from '@bianmin/common';

/** The terminal's key pair, as kept in its data folder. */
export interface StoredKey {
  version: 1;
  terminalId: string;
  algorithm: string;
  /** PKCS #8 PEM: never leaves the terminal. */
  privateKey: string;
  /** The scheme's wire encoding, as registered at the centre. */
  publicKey: string;
  /** SHA-256 of the enrolment token the key was made for: a new token means a new key. */
  tokenSha256: string | null;
  /** When the centre accepted the key; null while enrolment is due. */
  enrolledAt: string | null;
}

export interface KeyStoreError {
  kind: 'key-file';
  detail: string;
}

export interface KeyStore {
  /** undefined when there is no key yet. */
  read(): Result<StoredKey | undefined, KeyStoreError>;
  write(key: StoredKey): Result<void, KeyStoreError>;
}

export const TERMINAL_KEY_FILE = 'terminal-key.json';

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

function isStoredKey(value: unknown): value is StoredKey {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const text = (k: string) => typeof v[k] === 'string';
  const textOrNull = (k: string) => v[k] === null || typeof v[k] === 'string';
  return (
    v.version === 1 &&
    text('terminalId') &&
    text('algorithm') &&
    text('privateKey') &&
    text('publicKey') &&
    textOrNull('tokenSha256') &&
    textOrNull('enrolledAt')
  );
}

/**
 * `<dataDir>/terminal-key.json`, readable by the agent's user only (mode 0600), replaced
 * atomically so a power cut leaves the old key or the new one, never half of either.
 */
export function fileKeyStore(dataDir: string): KeyStore {
  const path = join(dataDir, TERMINAL_KEY_FILE);
  return {
    read() {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return ok(undefined);
        return err({ kind: 'key-file', detail: `${path}: ${messageOf(e)}` });
      }
      try {
        const parsed: unknown = JSON.parse(text);
        if (isStoredKey(parsed)) return ok(parsed);
      } catch {
        // reported below
      }
      return err({ kind: 'key-file', detail: `${path} is not a terminal key file` });
    },
    write(key) {
      const temporary = `${path}.new`;
      try {
        const fd = openSync(temporary, 'w', 0o600);
        try {
          writeSync(fd, JSON.stringify(key, null, 2));
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
        renameSync(temporary, path);
        syncFolder(dataDir);
        return ok(undefined);
      } catch (e) {
        return err({ kind: 'key-file', detail: `${path}: ${messageOf(e)}` });
      }
    },
  };
}

/** Where a folder cannot be fsynced at all: Windows (EISDIR, EPERM), some file systems (EINVAL). */
const FOLDER_SYNC_UNSUPPORTED = new Set(['EISDIR', 'EINVAL', 'EPERM']);
const unsupported = (e: unknown) =>
  FOLDER_SYNC_UNSUPPORTED.has((e as NodeJS.ErrnoException).code ?? '');

/**
 * Makes the rename durable: until the folder's entry reaches the disk a power cut can bring
 * back the old key, one the centre may no longer accept. Where the platform cannot sync a
 * folder, the rename is as durable as it makes it.
 */
function syncFolder(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch (e) {
    if (unsupported(e)) return;
    throw e;
  }
  try {
    fsyncSync(fd);
  } catch (e) {
    if (!unsupported(e)) throw e;
  } finally {
    closeSync(fd);
  }
}

/** A key kept in memory only: tests, and tools that enrol a terminal for one run. */
export function memoryKeyStore(initial?: StoredKey): KeyStore {
  let key = initial;
  return {
    read: () => ok(key),
    write(next) {
      key = next;
      return ok(undefined);
    },
  };
}
