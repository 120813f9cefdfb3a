import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';

/** Writes via a temporary file and a rename, so a power cut leaves the old file or the new. */
export function writeFileAtomic(path: string, text: string, mode = 0o644): void {
  const temporary = `${path}.new`;
  const fd = openSync(temporary, 'w', mode);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}
