import { err, ok, type Result } from '@bianmin/common';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { SignedConfig } from '@bianmin/contract';
import { syncFolder, writeFileAtomic } from '../storage/atomic-file.js';

export const REMOTE_CONFIG_DIR = 'remote-config';

/** The documents a start tries, in this order, before the local files alone. */
export const START_ORDER = ['pending', 'current', 'previous'] as const;
export type StartSlot = (typeof START_ORDER)[number];
type Slot = StartSlot | 'failed';

/**
 * `<dataDir>/remote-config/`: the newest kept document, not started with yet (pending.json),
 * the one the agent last started with (current.json), the one it started with before that
 * (previous.json), and the highest version it could not start with (failed.json), never
 * fetched again. Only a start moves a document into current.json, so going back never lands
 * on one that never ran. Kept as signed, so a start checks them again.
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
  const moveIfPresent = (from: Slot, to: Slot) => {
    if (existsSync(path(from))) renameSync(path(from), path(to));
  };
  const change = (step: () => void): Result<void, string> => {
    try {
      step();
      syncFolder(dir);
      return ok(undefined);
    } catch (error) {
      return err(error instanceof Error ? error.message : String(error));
    }
  };
  return {
    /** The slot's content as stored; unchecked (check.ts decides whether it can be used). */
    read,
    /** Keeps a verified document for the next start; a pending one it replaces never ran. */
    accept: (signed: SignedConfig) =>
      change(() => writeFileAtomic(path('pending'), JSON.stringify(signed))),
    /** The agent started with this slot's document: it becomes current. */
    started: (slot: StartSlot) =>
      change(() => {
        if (slot === 'current') return;
        if (slot === 'pending') moveIfPresent('current', 'previous');
        renameSync(path(slot), path('current'));
      }),
    /** The agent cannot start with this slot's document: failed.json keeps the highest version. */
    setAside: (slot: StartSlot) =>
      change(() => {
        if (storedVersion(read(slot)) > storedVersion(read('failed'))) {
          renameSync(path(slot), path('failed'));
        } else {
          rmSync(path(slot), { force: true });
        }
      }),
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
