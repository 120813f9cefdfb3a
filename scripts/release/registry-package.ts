/**
 * An npm package of an exact version, fetched with `npm pack` (the ordinary client, its
 * registry settings and cache) and unpacked once into the release cache.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { err, ok, type Result } from '@bianmin/common';
import { RELEASE_CACHE } from './targets.js';

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** The folder of `<name>@<version>` unpacked under `.cache/release/<under>/`. */
export function registryPackage(
  name: string,
  version: string,
  under: string,
): Result<string, string> {
  const dir = join(RELEASE_CACHE, under, `${name.replace('/', '+')}-${version}`);
  if (existsSync(join(dir, 'package.json'))) return ok(dir);
  mkdirSync(join(dir, '..'), { recursive: true });
  // Unpacked beside the cache and renamed into it, so a build stopped halfway (or one
  // running at the same time) never sees half a package.
  const fetch = mkdtempSync(join(dir, '..', '.fetch-'));
  try {
    execFileSync(NPM, ['pack', `${name}@${version}`, '--pack-destination', fetch, '--silent'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const [tarball] = readdirSync(fetch).filter((file) => file.endsWith('.tgz'));
    if (!tarball) return err(`npm pack ${name}@${version} gave no tarball`);
    execFileSync('tar', ['-xzf', join(fetch, tarball), '-C', fetch]);
    if (!existsSync(dir)) renameSync(join(fetch, 'package'), dir);
    return ok(dir);
  } catch (error) {
    return err(
      `cannot fetch ${name}@${version} from the npm registry: ${error instanceof Error ? error.message : 'unknown error'}`,
    );
  } finally {
    rmSync(fetch, { recursive: true, force: true });
  }
}
