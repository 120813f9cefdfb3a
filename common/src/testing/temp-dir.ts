import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempDir {
  path: string;
  remove(): void;
}

/** A fresh folder under the OS temp folder, and a function that removes it. */
export function makeTempDir(prefix = 'test'): TempDir {
  const path = mkdtempSync(join(tmpdir(), `bianmin-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
