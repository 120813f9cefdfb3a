/**
 * The npm packages a release needs at run time, copied from this machine's node_modules with
 * everything they depend on: no registry is asked for them. Of the native modules, serialport
 * and node-hid keep their prebuilt binaries for the release's processor only; better-sqlite3
 * comes as `npm ci` compiled it here, which build.ts replaces for another target
 * (docs/deploy.md, "Building a release"). A package can instead come from a folder
 * unpacked from the registry (better-sqlite3 13 for Node.js 22 and later, targets.ts).
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, readdirSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { err, ok, type Result } from '@bianmin/common';
import { REPO_ROOT } from '../stack.js';
import type { ReleaseArch } from './targets.js';

interface PackageJson {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

function readPackage(dir: string): PackageJson {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
}

/** Node's lookup: `<dir>/node_modules/<name>` from `fromDir` up to the repository root. */
function findPackage(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === REPO_ROOT || dir === dirname(dir)) return undefined;
  }
}

const DEVELOPMENT_FILE = /(\.d\.[cm]?ts|\.tsx?|\.map)$/;

export interface CopiedPackage {
  name: string;
  version: string;
  /** Where it sits, relative to the release root (and the repository's). */
  path: string;
}

/**
 * Every package the bundle imports (name → the repository folders importing it) and their
 * dependencies, copied into `<releaseDir>/node_modules` at the same relative places, so
 * Node's lookup from `<release>/lib` finds what it found from the sources. A package the
 * bundle imports must resolve to one copy in the root node_modules: the bundle has one
 * import for it, whichever workspace wrote it. A package named in `unpacked` (name → its
 * folder) is copied from there to the root node_modules instead, and its dependencies must
 * be named there too.
 */
export function copyRuntimePackages(
  externals: Map<string, Set<string>>,
  releaseDir: string,
  arch: ReleaseArch,
  unpacked: ReadonlyMap<string, string> = new Map(),
): Result<CopiedPackage[], string> {
  const copied = new Map<string, CopiedPackage & { source: string }>();
  const queue: { name: string; from: string; optional: boolean }[] = [];
  for (const [name, folders] of externals) {
    const found = new Set([...folders].map((f) => findPackage(name, join(REPO_ROOT, f))));
    const [only] = found;
    if (found.size !== 1 || !only) {
      return err(`${name} resolves to ${found.size} places from the bundled sources`);
    }
    if (relative(REPO_ROOT, only) !== join('node_modules', name)) {
      return err(`${name} is installed only inside a workspace (${relative(REPO_ROOT, only)})`);
    }
    queue.push({ name, from: REPO_ROOT, optional: false });
  }
  while (queue.length > 0) {
    const next = queue.shift()!;
    const fromUnpacked = [...unpacked.values()].includes(next.from);
    const dir =
      unpacked.get(next.name) ?? (fromUnpacked ? undefined : findPackage(next.name, next.from));
    if (!dir) {
      if (next.optional) continue;
      return err(`${next.name} is not installed (needed from ${relative(REPO_ROOT, next.from)})`);
    }
    const path = unpacked.has(next.name)
      ? join('node_modules', next.name)
      : relative(REPO_ROOT, dir);
    if (copied.has(path)) continue;
    const manifest = readPackage(dir);
    copied.set(path, { name: manifest.name, version: manifest.version, path, source: dir });
    for (const dep of Object.keys(manifest.dependencies ?? {})) {
      queue.push({ name: dep, from: dir, optional: false });
    }
    for (const dep of [
      ...Object.keys(manifest.optionalDependencies ?? {}),
      ...Object.keys(manifest.peerDependencies ?? {}),
    ]) {
      queue.push({ name: dep, from: dir, optional: true });
    }
  }
  for (const { path, source } of copied.values()) {
    cpSync(source, join(releaseDir, path), {
      recursive: true,
      // Nested packages are copied on their own, only when something needs them; type
      // declarations, TypeScript sources and source maps are never loaded at run time.
      filter: (file) =>
        !relative(source, file).split(sep).includes('node_modules') && !DEVELOPMENT_FILE.test(file),
    });
  }
  pruneNativeSources(releaseDir, arch);
  return ok(
    [...copied.values()]
      .map(({ name, version, path }) => ({ name, version, path }))
      .sort((a, b) => a.path.localeCompare(b.path)),
  );
}

/**
 * Native packages carry their C sources and binaries for every platform; a terminal needs
 * the one binary for its own: Linux on the release's processor.
 */
function pruneNativeSources(releaseDir: string, arch: ReleaseArch): void {
  const sqlite = join(releaseDir, 'node_modules', 'better-sqlite3');
  if (existsSync(sqlite)) {
    // 13's prebuilt binaries too: build.ts places the addon compiled here in build/Release.
    for (const folder of ['deps', 'src', 'prebuilds'])
      rmSync(join(sqlite, folder), { recursive: true, force: true });
    const build = join(sqlite, 'build');
    mkdirSync(join(build, 'Release'), { recursive: true });
    for (const entry of readdirSync(build)) {
      if (entry !== 'Release') rmSync(join(build, entry), { recursive: true, force: true });
    }
    // The addon alone: not its objects, nor the SQLite extension its own tests load.
    for (const entry of readdirSync(join(build, 'Release'))) {
      if (entry !== 'better_sqlite3.node')
        rmSync(join(build, 'Release', entry), { recursive: true, force: true });
    }
  }
  const own = new RegExp(`(^|-)linux-${arch}$`);
  for (const pkg of ['node-hid', '@serialport/bindings-cpp']) {
    const prebuilds = join(releaseDir, 'node_modules', pkg, 'prebuilds');
    if (!existsSync(prebuilds)) continue;
    for (const entry of readdirSync(prebuilds)) {
      if (!own.test(entry)) rmSync(join(prebuilds, entry), { recursive: true, force: true });
    }
  }
}
