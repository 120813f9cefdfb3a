/**
 * Builds a release (docs/deploy.md, "Building a release"): the kiosk and monitoring apps,
 * the programs bundled to JavaScript, their npm packages, the default configuration, the
 * systemd units, udev rules and install scripts, in `<outDir>/bianmin-kiosk-<version>/`,
 * then a tarball and a Debian package of it.
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
import { err, ok, type Result } from '@bianmin/common';
import { REPO_ROOT } from '../stack.js';
import { bundlePrograms } from './bundle.js';
import { buildDebianPackage, debianArchitecture } from './debian.js';
import { copyRuntimePackages, type CopiedPackage } from './node-modules.js';

export interface ReleaseOptions {
  outDir: string;
  /** Built kiosk and monitoring apps to use; by default both are built now. */
  kioskUiDir?: string;
  monitorUiDir?: string;
  /** dpkg-deb's compression: xz (smallest, the default) or gzip at level 1 (fast, for tests). */
  compression?: 'xz' | 'fast';
}

export interface BuiltRelease {
  version: string;
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
function releaseFacts(version: string): Record<string, string> {
  return {
    name: 'bianmin-kiosk',
    version,
    platform: 'linux',
    arch: process.arch,
    debianArch: debianArchitecture(),
    nodeMajor: process.versions.node.split('.')[0]!,
    nodeAbi: process.versions.modules,
    builtWithNode: process.version,
    commit: gitCommit(),
  };
}

export async function buildRelease(options: ReleaseOptions): Promise<Result<BuiltRelease, string>> {
  const rootPackage = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    version: string;
    engines: Record<string, string>;
    license: string;
  };
  const version = rootPackage.version;
  const kiosk = options.kioskUiDir ? ok(options.kioskUiDir) : buildApp('kiosk-ui');
  if (!kiosk.ok) return kiosk;
  const monitor = options.monitorUiDir ? ok(options.monitorUiDir) : buildApp('monitor-ui');
  if (!monitor.ok) return monitor;

  const name = `bianmin-kiosk-${version}`;
  const dir = join(options.outDir, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });

  const { externals } = await bundlePrograms(dir);
  const packages = copyRuntimePackages(externals, dir);
  if (!packages.ok) return packages;

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
  writeFileSync(join(dir, 'RELEASE.json'), `${JSON.stringify(releaseFacts(version), null, 2)}\n`);

  const tarball = join(options.outDir, `${name}-linux-${process.arch}.tar.gz`);
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
  const deb = buildDebianPackage(dir, version, options.outDir, options.compression ?? 'xz');
  if (!deb.ok) return deb;
  return ok({ version, dir, tarball, deb: deb.value, packages: packages.value });
}

function sizeMb(path: string): string {
  return `${(statSync(path).size / 1024 / 1024).toFixed(1)} MB`;
}

/** `npm run release [-- --out <folder>]`. */
if (import.meta.url === `file://${process.argv[1]}`) {
  const outIndex = process.argv.indexOf('--out');
  const outDir = outIndex > 0 ? process.argv[outIndex + 1]! : join(REPO_ROOT, 'dist/release');
  const started = performance.now();
  const built = await buildRelease({ outDir });
  if (!built.ok) {
    console.error(`npm run release failed: ${built.error}`);
    process.exit(1);
  }
  const { dir, tarball, deb, packages } = built.value;
  const installed = execFileSync('du', ['-sm', dir], { encoding: 'utf8' }).split('\t')[0];
  console.log(`
Release ${built.value.version} for linux-${process.arch}, Node ${process.versions.node.split('.')[0]} (ABI ${process.versions.modules}), in ${((performance.now() - started) / 1000).toFixed(0)} s:
  folder:  ${dir} (${installed} MB, ${packages.length} npm packages)
  tarball: ${tarball} (${sizeMb(tarball)})
  Debian:  ${deb} (${sizeMb(deb)})`);
}
