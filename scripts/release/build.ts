/**
 * Builds a release (docs/deploy.md, "Building a release"): the kiosk and monitoring apps,
 * the programs bundled to JavaScript, their npm packages with native modules for the target
 * (by default the build machine's processor and Node.js major; targets.ts), the default
 * configuration, the systemd units, udev rules and install scripts, in
 * `<outDir>/bianmin-kiosk-<version>/`, then a tarball and a Debian package of it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { err, ok, type Result } from '@bianmin/common';
import { REPO_ROOT } from '../stack.js';
import { bundlePrograms } from './bundle.js';
import { buildDebianPackage, type PackageTarget } from './debian.js';
import { nativeAddons } from './native-addons.js';
import { copyRuntimePackages, type CopiedPackage } from './node-modules.js';
import { registryNode, type RegistryNode } from './registry-node.js';
import { compiledSqliteAddon, fetchRegistrySqlite, type FetchedSqlite } from './sqlite-build.js';
import {
  buildMachineTarget,
  isBuildMachine,
  parseTarget,
  PROCESSORS,
  registrySqlite,
  type ReleaseTarget,
} from './targets.js';

export interface ReleaseOptions {
  outDir: string;
  /** Built kiosk and monitoring apps to use; by default both are built now. */
  kioskUiDir?: string;
  monitorUiDir?: string;
  /** dpkg-deb's compression: xz (smallest, the default) or gzip at level 1 (fast, for tests). */
  compression?: 'xz' | 'fast';
  /** Default: the build machine's processor and Node.js major. */
  target?: ReleaseTarget;
}

export interface BuiltRelease {
  version: string;
  target: PackageTarget;
  /** The Node.js this release was built against, when it is not this process's. */
  node?: RegistryNode;
  dir: string;
  tarball: string;
  deb: string;
  packages: CopiedPackage[];
}

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function buildApp(workspace: string): Result<string, string> {
  const build = spawnSync(NPM, ['run', 'build', '--workspace', workspace], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
  return build.status === 0
    ? ok(join(REPO_ROOT, workspace, 'build'))
    : err(`npm run build --workspace ${workspace} failed`);
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/** One `"key": "text"` pair a line: the install scripts read it with sed, before Node is there. */
function releaseFacts(
  version: string,
  target: PackageTarget,
  node: RegistryNode | undefined,
  packages: CopiedPackage[],
): Record<string, string> {
  const sqlite = packages.find((pkg) => pkg.path === join('node_modules', 'better-sqlite3'));
  return {
    name: 'bianmin-kiosk',
    version,
    platform: 'linux',
    arch: target.arch,
    debianArch: PROCESSORS[target.arch].debian,
    nodeMajor: String(target.nodeMajor),
    nodeAbi: target.nodeAbi,
    builtWithNode: node ? `v${node.version}` : process.version,
    betterSqlite3: sqlite?.version ?? 'none',
    commit: gitCommit(),
  };
}

interface PreparedTarget {
  target: PackageTarget;
  /** The target's Node.js, unless the release is exactly what this machine's node_modules run. */
  node?: RegistryNode;
  /** better-sqlite3 from the registry (targets.ts), instead of the repository's. */
  sqlite?: FetchedSqlite;
}

/** The target's Node.js (for another target than this machine's), its ABI and its better-sqlite3. */
function prepareTarget(target: ReleaseTarget): Result<PreparedTarget, string> {
  const wanted = registrySqlite(target);
  const sqlite = wanted && fetchRegistrySqlite(wanted);
  if (sqlite && !sqlite.ok) return sqlite;
  if (isBuildMachine(target) && !sqlite) {
    return ok({ target: { ...target, nodeAbi: process.versions.modules } });
  }
  const node = registryNode(target);
  if (!node.ok) return node;
  return ok({
    target: { ...target, nodeAbi: node.value.abi },
    node: node.value,
    sqlite: sqlite?.value,
  });
}

/** better-sqlite3 as compiled for the target, when it is not this machine's. */
function placeSqliteAddon(
  dir: string,
  arch: ReleaseTarget['arch'],
  node: RegistryNode,
  sqlite: FetchedSqlite | undefined,
) {
  const addon = compiledSqliteAddon(arch, node, sqlite);
  if (!addon.ok) return addon;
  const placed = join(dir, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
  rmSync(placed, { force: true });
  cpSync(addon.value, placed);
  return ok(undefined);
}

export async function buildRelease(options: ReleaseOptions): Promise<Result<BuiltRelease, string>> {
  const rootPackage = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    version: string;
    engines: Record<string, string>;
    license: string;
  };
  const version = rootPackage.version;
  const prepared = prepareTarget(options.target ?? buildMachineTarget());
  if (!prepared.ok) return prepared;
  const { target, node, sqlite } = prepared.value;
  const kiosk = options.kioskUiDir ? ok(options.kioskUiDir) : buildApp('kiosk-ui');
  if (!kiosk.ok) return kiosk;
  const monitor = options.monitorUiDir ? ok(options.monitorUiDir) : buildApp('monitor-ui');
  if (!monitor.ok) return monitor;

  const name = `bianmin-kiosk-${version}`;
  const dir = join(options.outDir, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });

  const { externals } = await bundlePrograms(dir);
  const unpacked = new Map(
    sqlite
      ? [
          ['better-sqlite3', sqlite.packageDir],
          ['node-addon-api', sqlite.nodeAddonApiDir],
        ]
      : [],
  );
  const packages = copyRuntimePackages(externals, dir, target.arch, unpacked);
  if (!packages.ok) return packages;
  if (node) {
    const placed = placeSqliteAddon(dir, target.arch, node, sqlite);
    if (!placed.ok) return placed;
  }
  const foreign = nativeAddons(dir).filter((addon) => addon.arch !== target.arch);
  if (foreign.length > 0) {
    return err(`not for ${target.arch}: ${foreign.map((addon) => addon.path).join(', ')}`);
  }

  const copy = (from: string, to: string) => cpSync(from, join(dir, to), { recursive: true });
  copy(kiosk.value, 'kiosk-ui/build');
  copy(monitor.value, 'monitor-ui/build');
  copy(join(REPO_ROOT, 'config/defaults'), 'config/defaults');
  copy(join(REPO_ROOT, 'device-agent/runtime.env'), 'device-agent/runtime.env');
  for (const doc of ['deploy.md', 'configuration.md', 'protocol.md', 'log-events.md']) {
    copy(join(REPO_ROOT, 'docs', doc), join('docs', doc));
  }
  copy(join(REPO_ROOT, 'packaging'), 'packaging');
  rmSync(join(dir, 'packaging/debian'), { recursive: true });
  for (const script of ['install.sh', 'update.sh', 'uninstall.sh']) {
    cpSync(join(REPO_ROOT, 'packaging', script), join(dir, script));
    rmSync(join(dir, 'packaging', script));
    chmodSync(join(dir, script), 0o755);
  }
  // "type": "module" for the bundles; the version the agent reports (common/src/version.ts).
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify(
      {
        name: 'bianmin-kiosk',
        version,
        private: true,
        license: rootPackage.license,
        type: 'module',
        engines: rootPackage.engines,
      },
      null,
      2,
    )}\n`,
  );
  writeFileSync(
    join(dir, 'RELEASE.json'),
    `${JSON.stringify(releaseFacts(version, target, node, packages.value), null, 2)}\n`,
  );

  const tarball = join(options.outDir, `${name}-linux-${target.arch}.tar.gz`);
  execFileSync('tar', [
    '--owner=0',
    '--group=0',
    '--numeric-owner',
    '-czf',
    tarball,
    '-C',
    options.outDir,
    name,
  ]);
  const deb = buildDebianPackage(dir, version, target, options.outDir, options.compression ?? 'xz');
  if (!deb.ok) return deb;
  return ok({ version, target, node, dir, tarball, deb: deb.value, packages: packages.value });
}

function sizeMb(path: string): string {
  return `${(statSync(path).size / 1024 / 1024).toFixed(1)} MB`;
}

/** `npm run release [-- --out <folder>] [--arch x64|arm64] [--node 20|22|24]`. */
if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, arch: { type: 'string' }, node: { type: 'string' } },
  });
  const outDir = values.out ?? join(REPO_ROOT, 'dist/release');
  const target = parseTarget(values.arch, values.node);
  if (!target.ok) {
    console.error(`npm run release: ${target.error}`);
    process.exit(2);
  }
  const started = performance.now();
  const built = await buildRelease({ outDir, target: target.value });
  if (!built.ok) {
    console.error(`npm run release failed: ${built.error}`);
    process.exit(1);
  }
  const { version, dir, tarball, deb, packages, target: made } = built.value;
  const installed = execFileSync('du', ['-sm', dir], { encoding: 'utf8' }).split('\t')[0];
  console.log(`
Release ${version} for linux-${made.arch}, Node ${made.nodeMajor} (ABI ${made.nodeAbi}), in ${((performance.now() - started) / 1000).toFixed(0)} s:
  folder:  ${dir} (${installed} MB, ${packages.length} npm packages)
  tarball: ${tarball} (${sizeMb(tarball)})
  Debian:  ${deb} (${sizeMb(deb)})`);
}
