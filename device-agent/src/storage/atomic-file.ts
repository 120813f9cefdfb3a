import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes via a temporary file and a rename, so a power cut leaves the old file or the new.
 * On a failure (a full disk) the old file stays and no partial temporary one is left.
 */
export function writeFileAtomic(path: string, text: string, mode = 0o644): void {
  const temporary = `${path}.new`;
  try {
    const fd = openSync(temporary, 'w', mode);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    removeQuietly(temporary);
    throw error;
  }
  syncFolder(dirname(path));
}

/** Makes the folder's renames durable: without it a power cut can undo one. */
export function syncFolder(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // not ours to remove (a folder of that name): the caller's error says what went wrong
  }
}
