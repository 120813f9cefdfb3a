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
 * The Node.js of each supported major version that a release for another target is built
 * against and tested with: the `node-linux-<arch>` npm packages of this version (both
 * processors), which carry the binary and its C headers. Terminals get that major from
 * NodeSource (packaging/install.sh), any minor: the ABI stays within a major.
 */
const NODE_VERSIONS = { 20: '20.20.2', 22: '22.23.3', 24: '24.21.0' } as const;
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
    ? ok(NODE_VERSIONS[target.nodeMajor])
    : err(`no Node.js ${target.nodeMajor} in NODE_VERSIONS (scripts/release/targets.ts)`);
}
