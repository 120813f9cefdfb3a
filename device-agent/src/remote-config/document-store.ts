import { mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { SignedConfig } from '@bianmin/contract';
import { writeFileAtomic } from './atomic-file.js';

export const REMOTE_CONFIG_DIR = 'remote-config';

type Slot = 'current' | 'previous' | 'failed';

/**
 * `<dataDir>/remote-config/`: the signed document the terminal runs (current.json), the one
 * before it to go back to (previous.json), and the last one it could not start with
 * (failed.json), which is never fetched again. Kept as signed, so a start checks them again.
 */
export function createDocumentStore(dataDir: string) {
  const dir = join(dataDir, REMOTE_CONFIG_DIR);
  mkdirSync(dir, { recursive: true });
  const path = (slot: Slot) => join(dir, `${slot}.json`);
  const read = (slot: Slot): unknown => {
    try {
      return JSON.parse(readFileSync(path(slot), 'utf8')) as unknown;
    } catch {
      return undefined;
    }
  };
  const move = (from: Slot, to: Slot) => {
    try {
      renameSync(path(from), path(to));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      rmSync(path(to), { force: true });
    }
  };
  return {
    /** The slot's content as stored; unchecked (check.ts decides whether it can be used). */
    read,
    /** A verified document becomes current; the current one becomes previous. */
    accept(signed: SignedConfig): void {
      move('current', 'previous');
      writeFileAtomic(path('current'), JSON.stringify(signed));
    },
    /** The current document failed to start: it becomes failed, previous becomes current. */
    rollBack(): void {
      move('current', 'failed');
      move('previous', 'current');
    },
  };
}

/** The version a stored signed document names, or 0 if it names none. */
export function storedVersion(stored: unknown): number {
  try {
    const text = (stored as { document?: unknown } | undefined)?.document;
    const version =
      typeof text === 'string' ? (JSON.parse(text) as { version?: unknown }).version : 0;
    return typeof version === 'number' ? version : 0;
  } catch {
    return 0;
  }
}
