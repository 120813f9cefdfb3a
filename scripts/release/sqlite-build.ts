/**
 * better-sqlite3 compiled for a target that is not the build machine's (its addon talks to
 * V8 directly, so it must be compiled for each Node.js ABI and processor), with npm's own
 * node-gyp against the target Node.js package's headers, and a cross compiler for another
 * processor. Copies of the package are compiled, never the repository's node_modules.
 *
 * Nearly all of the time goes to SQLite itself (one 9 MB C file), which does not depend on
 * Node.js: its static library is kept per processor (for the build machine's, the one
 * `npm ci` compiled), so another Node.js major costs only the small addon.
 *
 * better-sqlite3 13 (targets.ts) comes from the registry and is on Node-API: compiled once
 * per processor (against any supported Node.js's headers), never with its prebuilt binaries.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { delimiter, dirname, join, relative, sep } from 'node:path';
import { err, ok, type Result } from '@bianmin/common';
import { REPO_ROOT } from '../stack.js';
import type { RegistryNode } from './registry-node.js';
import { registryPackage } from './registry-package.js';
import { PROCESSORS, RELEASE_CACHE, type RegistrySqlite, type ReleaseArch } from './targets.js';

const PACKAGE = join(REPO_ROOT, 'node_modules/better-sqlite3');

/** better-sqlite3 from the registry, unpacked: the package and the headers it compiles with. */
export interface FetchedSqlite {
  packageDir: string;
  nodeAddonApiDir: string;
}

export function fetchRegistrySqlite(sqlite: RegistrySqlite): Result<FetchedSqlite, string> {
  const packageDir = registryPackage('better-sqlite3', sqlite.version, 'packages');
  if (!packageDir.ok) return packageDir;
  const nodeAddonApiDir = registryPackage('node-addon-api', sqlite.nodeAddonApi, 'packages');
  if (!nodeAddonApiDir.ok) return nodeAddonApiDir;
  return ok({ packageDir: packageDir.value, nodeAddonApiDir: nodeAddonApiDir.value });
}
/** Where node-gyp's Makefile puts the SQLite library (two copies) and the addon. */
const LIBRARY = 'Release/obj.target/deps/sqlite3.a';
const LIBRARY_COPY = 'Release/sqlite3.a';
const ADDON = 'Release/better_sqlite3.node';

/** node-gyp as npm runs it for an install script: the copy npm brings with it. */
function findNodeGyp(): string | undefined {
  const gyp = process.env.npm_config_node_gyp;
  if (gyp && existsSync(gyp)) return gyp;
  const npmClis = [
    process.env.npm_execpath,
    ...(process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'npm')),
  ];
  for (const cli of npmClis) {
    if (!cli || !existsSync(cli)) continue;
    const gyp = join(dirname(realpathSync(cli)), '..', 'node_modules/node-gyp/bin/node-gyp.js');
    if (existsSync(gyp)) return gyp;
  }
  return undefined;
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => existsSync(join(dir, command)));
}

/** Written beside its place and renamed into it: a build stopped halfway leaves no half file. */
function keep(file: string, at: string): void {
  mkdirSync(dirname(at), { recursive: true });
  const incoming = `${at}.${process.pid}.incoming`;
  copyFileSync(file, incoming);
  renameSync(incoming, at);
}

/**
 * npm's settings reach node-gyp as `npm_config_*` variables when this runs under npm, and
 * win over its arguments: a `nodedir` in an .npmrc would compile for the Node.js there.
 */
function withoutNpmConfig(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([name]) => !name.toLowerCase().startsWith('npm_config_')),
  );
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const result = spawnSync(command, args, {
    cwd,
    env: { ...withoutNpmConfig(process.env), ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status === 0) return ok(undefined);
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-15);
  return err(`${[command, ...args].join(' ')} failed:\n${output.join('\n')}`);
}

/**
 * The path of better_sqlite3.node for this processor and Node.js (any Node.js for Node-API's
 * 13), compiled on first use: the repository's package, or `fetched` from the registry.
 */
export function compiledSqliteAddon(
  arch: ReleaseArch,
  node: RegistryNode,
  fetched?: FetchedSqlite,
): Result<string, string> {
  const source = fetched?.packageDir ?? PACKAGE;
  const { version } = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')) as {
    version: string;
  };
  const cache = join(RELEASE_CACHE, 'better-sqlite3', version);
  const flavour = fetched ? 'node-api' : `node${node.abi}`;
  const addon = join(cache, `linux-${arch}-${flavour}`, 'better_sqlite3.node');
  if (existsSync(addon)) return ok(addon);

  const gyp = findNodeGyp();
  if (!gyp) return err('npm’s node-gyp was not found (npm_execpath, npm on PATH)');
  const cross = arch !== process.arch;
  const gnu = PROCESSORS[arch].gnu;
  if (cross && !onPath(`${gnu}-g++`)) {
    return err(`${gnu}-g++ is not installed (scripts/ensure-system-deps.sh installs it)`);
  }
  const env: NodeJS.ProcessEnv = cross
    ? { CC: `${gnu}-gcc`, CXX: `${gnu}-g++`, LINK: `${gnu}-g++`, AR: `${gnu}-ar` }
    : {};
  const ownLibrary = join(PACKAGE, 'build', LIBRARY);
  const keptLibrary = join(cache, `linux-${arch}`, 'sqlite3.a');
  const library = existsSync(keptLibrary)
    ? keptLibrary
    : !cross && !fetched && existsSync(ownLibrary)
      ? ownLibrary
      : undefined;

  const work = mkdtempSync(join(tmpdir(), 'bianmin-better-sqlite3-'));
  try {
    cpSync(source, work, {
      recursive: true,
      filter: (file) => {
        const [top] = relative(source, file).split(sep);
        // Without its prebuilt binaries, 13's binding.gyp compiles rather than skips.
        return top !== 'build' && top !== 'node_modules' && top !== 'prebuilds';
      },
    });
    // binding.gyp asks `require('node-addon-api').include` from the package's folder.
    if (fetched) {
      cpSync(fetched.nodeAddonApiDir, join(work, 'node_modules/node-addon-api'), {
        recursive: true,
      });
    }
    const configured = run(
      process.execPath,
      [gyp, 'configure', '--release', `--nodedir=${node.dir}`, `--arch=${arch}`],
      work,
      env,
    );
    if (!configured.ok) return configured;
    const build = join(work, 'build');
    const makeArgs = ['BUILDTYPE=Release', `-j${process.env.JOBS ?? availableParallelism()}`];
    if (library) {
      // -o (--assume-old): make takes the kept library as it is and compiles only the addon.
      for (const copy of [LIBRARY, LIBRARY_COPY]) {
        mkdirSync(dirname(join(build, copy)), { recursive: true });
        copyFileSync(library, join(build, copy));
        makeArgs.push('-o', copy);
      }
    }
    const made = run('make', [...makeArgs, 'better_sqlite3'], build, env);
    if (!made.ok) return made;
    if (!existsSync(keptLibrary)) keep(join(build, LIBRARY), keptLibrary);
    keep(join(build, ADDON), addon);
    return ok(addon);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
