/**
 * Node.js for a target other than the build machine's, from the npm registry's
 * `node-linux-<arch>` package (the official binary with its C headers, what node-gyp needs
 * to compile a native module for it), unpacked once into the release cache.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { err, ok, type Result } from '@bianmin/common';
import { registryPackage } from './registry-package.js';
import { nodeVersion, type ReleaseTarget } from './targets.js';

export interface RegistryNode {
  version: string;
  /** The package's folder: `bin/node`, `include/node/` (node-gyp's `--nodedir`). */
  dir: string;
  binary: string;
  /** NODE_MODULE_VERSION, as its headers define it. */
  abi: string;
}

function headersAbi(dir: string): string | undefined {
  const header = readFileSync(join(dir, 'include/node/node_version.h'), 'utf8');
  return /^#define NODE_MODULE_VERSION (\d+)$/m.exec(header)?.[1];
}

export function registryNode(target: ReleaseTarget): Result<RegistryNode, string> {
  const version = nodeVersion(target);
  if (!version.ok) return version;
  const fetched = registryPackage(`node-linux-${target.arch}`, version.value, 'node');
  if (!fetched.ok) return fetched;
  const dir = fetched.value;
  const abi = headersAbi(dir);
  if (!abi) return err(`${dir} has no NODE_MODULE_VERSION in include/node/node_version.h`);
  return ok({ version: version.value, dir, binary: join(dir, 'bin/node'), abi });
}
