import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfigKind } from './validate.js';
import { DEFAULT_CONFIG_DIR } from './config-dir.js';
import type { ConfigProblem } from './problems.js';

/** A fresh, mutable copy of a default file, for tests to break one field at a time. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests reach into nested fields and put wrong types there on purpose
export function defaultData(kind: ConfigKind): Record<string, any> {
  return JSON.parse(readFileSync(join(DEFAULT_CONFIG_DIR, `${kind}.json`), 'utf8'));
}

export function byPath(
  problems: readonly ConfigProblem[],
  path: string,
): ConfigProblem | undefined {
  return problems.find((p) => p.path === path);
}
