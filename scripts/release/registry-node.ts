/**
 * Node.js for a target other than the build machine's, from the npm registry's
 * `node-linux-<arch>` package (the official binary with its C headers, what node-gyp needs
 * to compile a native module for it), unpacked once into the release cache.
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { join } from 'node:path';
import { err, ok, type Result } from '@bianmin/common';
import { nodeVersion, RELEASE_CACHE, type ReleaseTarget } from './targets.js';

export interface RegistryNode {
  version: string;
  /** The package's folder: `bin/node`, `include/node/` (node-gyp's `--nodedir`). */
  dir: string;
  binary: string;
  /** NODE_MODULE_VERSION, as its headers define it. */
  abi: string;
}

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function headersAbi(dir: string): string | undefined {
  const header = readFileSync(join(dir, 'include/node/node_version.h'), 'utf8');
  return /^#define NODE_MODULE_VERSION (\d+)$/m.exec(header)?.[1];
}

export function registryNode(target: ReleaseTarget): Result<RegistryNode, string> {
  const version = nodeVersion(target);
  if (!version.ok) return version;
  const name = `node-linux-${target.arch}`;
  const dir = join(RELEASE_CACHE, 'node', `${name}-${version.value}`);
  if (!existsSync(join(dir, 'bin/node'))) {
    mkdirSync(join(dir, '..'), { recursive: true });
    // Unpacked beside the cache and renamed into it, so a build stopped halfway (or one
    // running at the same time) never sees half a package.
    const fetch = mkdtempSync(join(dir, '..', '.fetch-'));
    try {
      execFileSync(
        NPM,
        ['pack', `${name}@${version.value}`, '--pack-destination', fetch, '--silent'],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      const [tarball] = readdirSync(fetch).filter((file) => file.endsWith('.tgz'));
      if (!tarball) return err(`npm pack ${name}@${version.value} gave no tarball`);
      const unpacked = join(fetch, 'package');
      execFileSync('tar', ['-xzf', join(fetch, tarball), '-C', fetch]);
      if (!existsSync(dir)) renameSync(unpacked, dir);
    } catch (error) {
      return err(
        `cannot fetch ${name}@${version.value} from the npm registry: ${error instanceof Error ? error.message : 'unknown error'}`,
      );
    } finally {
      rmSync(fetch, { recursive: true, force: true });
    }
  }
  const abi = headersAbi(dir);
  if (!abi) return err(`${dir} has no NODE_MODULE_VERSION in include/node/node_version.h`);
  return ok({ version: version.value, dir, binary: join(dir, 'bin/node'), abi });
}
