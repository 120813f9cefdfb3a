/**
 * What a release is built for: a processor and a Node.js major version (docs/deploy.md,
 * "Building a release"). The build machine's own pair needs nothing more than its
 * node_modules; any other target gets its Node.js from the npm registry (registry-node.ts)
 * and its better-sqlite3 compiled for that Node and processor (sqlite-build.ts).
 */
import { join } from 'node:path';
import { err, ok, type Result } from '@bianmin/common';
import { REPO_ROOT } from '../stack.js';

/**
 * better-sqlite3 13 and the node-addon-api (its C++ headers, build time only) that its range
 * picks today. 13 is on Node-API, so one build serves every Node.js from 22 on, 24 included,
 * where the repository's 12 aborts (docs/deploy.md, "Node.js 24"); it refuses Node.js 20.
 */
const NODE_API_SQLITE = { version: '13.2.0', nodeAddonApi: '8.9.2' } as const;

/**
 * Per supported major version: the Node.js that a release for another target is built
 * against and tested with (the `node-linux-<arch>` npm packages of this version, both
 * processors, which carry the binary and its C headers; terminals get that major from
 * NodeSource, packaging/install.sh, any minor: the ABI stays within a major), and the
 * better-sqlite3 the release carries: the repository's own or 13 from the registry.
 */
const NODE_VERSIONS = {
  20: { node: '20.20.2', sqlite: 'repository' },
  22: { node: '22.23.3', sqlite: NODE_API_SQLITE },
  24: { node: '24.21.0', sqlite: NODE_API_SQLITE },
} as const;
type NodeMajor = keyof typeof NODE_VERSIONS;

/**
 * Per processor (as Node.js names it): Debian's name for it, its ELF machine number, the GNU
 * cross toolchain's prefix (Debian's `g++-<prefix>` package, its C libraries under
 * `/usr/<prefix>`), and the QEMU user-mode emulator that runs its programs on another
 * processor (Debian's `qemu-user-static`).
 */
export const PROCESSORS = {
  x64: { debian: 'amd64', elf: 0x3e, gnu: 'x86_64-linux-gnu', qemu: 'qemu-x86_64-static' },
  arm64: { debian: 'arm64', elf: 0xb7, gnu: 'aarch64-linux-gnu', qemu: 'qemu-aarch64-static' },
} as const;
export type ReleaseArch = keyof typeof PROCESSORS;

/** Downloaded Node.js packages and compiled native modules, kept between builds (git-ignored). */
export const RELEASE_CACHE = join(REPO_ROOT, '.cache/release');

/** A processor and a Node.js major version. */
export interface ReleaseTarget {
  arch: ReleaseArch;
  nodeMajor: number;
}

function isArch(value: string): value is ReleaseArch {
  return Object.hasOwn(PROCESSORS, value);
}

function isNodeMajor(value: number): value is NodeMajor {
  return Object.hasOwn(NODE_VERSIONS, value);
}

/** This machine's processor and Node.js major version. */
export function buildMachineTarget(): ReleaseTarget {
  if (!isArch(process.arch)) throw new Error(`releases are not built on ${process.arch}`);
  return { arch: process.arch, nodeMajor: Number(process.versions.node.split('.')[0]) };
}

export function isBuildMachine(target: ReleaseTarget): boolean {
  const machine = buildMachineTarget();
  return target.arch === machine.arch && target.nodeMajor === machine.nodeMajor;
}

/** The target named by `--arch` and `--node` (each by default the build machine's). */
export function parseTarget(arch?: string, node?: string): Result<ReleaseTarget, string> {
  const machine = buildMachineTarget();
  const wantArch = arch ?? machine.arch;
  if (!isArch(wantArch)) {
    return err(`--arch ${wantArch}: one of ${Object.keys(PROCESSORS).join(', ')}`);
  }
  const nodeMajor = node === undefined ? machine.nodeMajor : Number(node);
  const target = { arch: wantArch, nodeMajor };
  if (!isBuildMachine(target) && !isNodeMajor(nodeMajor)) {
    return err(`--node ${node}: one of ${Object.keys(NODE_VERSIONS).join(', ')}`);
  }
  return ok(target);
}

/** The registry package's Node.js version for a target. */
export function nodeVersion(target: ReleaseTarget): Result<string, string> {
  return isNodeMajor(target.nodeMajor)
    ? ok(NODE_VERSIONS[target.nodeMajor].node)
    : err(`no Node.js ${target.nodeMajor} in NODE_VERSIONS (scripts/release/targets.ts)`);
}

/** better-sqlite3 from the registry: the package and its headers, compiled for the processor. */
export interface RegistrySqlite {
  version: string;
  nodeAddonApi: string;
}

/**
 * The better-sqlite3 a target's release carries: undefined for the repository's own (a
 * build machine's Node.js that the table lacks runs what `npm ci` installed).
 */
export function registrySqlite(target: ReleaseTarget): RegistrySqlite | undefined {
  if (!isNodeMajor(target.nodeMajor)) return undefined;
  const { sqlite } = NODE_VERSIONS[target.nodeMajor];
  return sqlite === 'repository' ? undefined : sqlite;
}
