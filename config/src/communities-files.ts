import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { err, ok, type Result } from '@bianmin/common';
import type { CommunitiesConfig } from './communities.js';
import { loadLocatedConfigFile, problemAt } from './load.js';
import type { ConfigProblem } from './problems.js';

/** The communities*.json in `dir`, in name order; none when the folder cannot be listed. */
export function communityFileNames(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => /^communities.*\.json$/i.test(name))
      .sort();
  } catch {
    return [];
  }
}

/**
 * Every communities*.json in `dir`, in name order, as one list. A province's or the
 * nation's list is larger than one file may be (1 MiB), so it can be split, e.g. one file
 * per city; a code in two files is a problem. No file at all is an empty list.
 */
export function loadCommunityFiles(dir: string): Result<CommunitiesConfig, ConfigProblem[]> {
  const problems: ConfigProblem[] = [];
  const seen = new Map<string, string>();
  const communities: CommunitiesConfig['communities'] = [];
  for (const name of communityFileNames(dir)) {
    const file = join(dir, name);
    const loaded = loadLocatedConfigFile('communities', file);
    if (!loaded.ok) {
      problems.push(...loaded.error);
      continue;
    }
    loaded.value.config.communities.forEach((community, index) => {
      const other = seen.get(community.code);
      if (other !== undefined) {
        problems.push(
          problemAt(file, loaded.value.locate, {
            path: ['communities', index, 'code'],
            input: community.code,
            message: `a code listed in one file only; ${other} already lists "${community.code}"`,
          }),
        );
        return;
      }
      seen.set(community.code, file);
      communities.push(community);
    });
  }
  return problems.length > 0 ? err(problems) : ok({ communities });
}
