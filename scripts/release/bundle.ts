/**
 * The release's compiled JavaScript: the project's own TypeScript (every `@bianmin/*`
 * workspace) and the npm packages it imports, bundled and minified by esbuild into ES
 * modules under `<release>/lib/`, one per program, with shared chunks. The packages of
 * EXTERNAL_PACKAGES stay outside and are installed beside it (node-modules.ts).
 */
import { readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from '../stack.js';

/**
 * npm packages left out of the bundle and loaded from node_modules: native addons, which
 * cannot be bundled; packages that read their own files at run time (swagger-ui's page,
 * pinyin-pro, which the initials worker requires by path); iconv-lite, whose code-page tables
 * it requires on first use: bundled, all of them would sit in the bundle's source text in the
 * heap. Everything else is bundled and minified, because V8 keeps every script's source text
 * in the heap (docs/benchmarks.md, Agent memory); the memory benchmark bundles the agent with
 * the same list, so it measures what a release runs.
 */
export const EXTERNAL_PACKAGES =
  /^(better-sqlite3|serialport|@serialport\/|node-hid|@fastify\/swagger(-ui)?|pinyin-pro|iconv-lite)(\/|$)/;

/** The programs a release carries, as `lib/<name>.mjs` (docs/deploy.md). */
const PROGRAMS = {
  agent: 'device-agent/src/main.ts',
  centre: 'sync/src/central/main.ts',
  'centre-admin': 'scripts/centre-admin.ts',
  'config-check': 'config/src/cli.ts',
  'health-check': relative(REPO_ROOT, fileURLToPath(new URL('./health-check.ts', import.meta.url))),
} as const;

/** esbuild comes with tsx (its TypeScript compiler); it is not a dependency of its own here. */
const ESBUILD = 'esbuild';

interface EsbuildPlugin {
  name: string;
  setup(build: {
    onResolve(
      options: { filter: RegExp },
      callback: (args: { path: string }) => { path: string; external: boolean } | undefined,
    ): void;
    onLoad(
      options: { filter: RegExp },
      callback: (args: { path: string }) => { contents: string; loader: 'ts' },
    ): void;
  }): void;
}
interface Metafile {
  inputs: Record<string, { imports: { path: string; external?: boolean }[] }>;
}
interface Esbuild {
  build(
    options: Record<string, unknown> & { plugins: EsbuildPlugin[] },
  ): Promise<{ metafile: Metafile }>;
}

/** What the bundle leaves to node_modules: each npm package and the source folders importing it. */
export interface BundleOutcome {
  /** Package name → folders (relative to the repository) of the sources importing it. */
  externals: Map<string, Set<string>>;
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/**
 * Bundles every program into `<releaseDir>/lib`. Sources find files beside them through
 * `import.meta.url` (the default configuration, the kiosk build, package.json's version), so
 * each source's `import.meta.url` becomes its own path in the release: the release keeps
 * those files at the same places relative to its root as the repository does, and the
 * bundle, one folder down, resolves them from where it is installed.
 */
export async function bundlePrograms(releaseDir: string): Promise<BundleOutcome> {
  const esbuild = (await import(ESBUILD)) as Esbuild;
  const outdir = join(releaseDir, 'lib');
  const built = await esbuild.build({
    entryPoints: Object.fromEntries(
      Object.entries(PROGRAMS).map(([name, source]) => [name, join(REPO_ROOT, source)]),
    ),
    outdir,
    absWorkingDir: REPO_ROOT,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    splitting: true,
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    // The oldest Node a release supports (package.json engines).
    target: 'node20.19',
    metafile: true,
    legalComments: 'linked',
    logLevel: 'warning',
    plugins: [
      {
        name: 'native-and-file-reading-packages-external',
        setup(build) {
          build.onResolve({ filter: /^[^./]/ }, (args) =>
            isBuiltin(args.path) || EXTERNAL_PACKAGES.test(args.path)
              ? { path: args.path, external: true }
              : undefined,
          );
          build.onLoad({ filter: /\.ts$/ }, (args) => {
            // Chunks live in lib/chunks/, entries in lib/: both resolve from the release root.
            const fromRoot = relative(REPO_ROOT, args.path);
            const own = `new URL(${JSON.stringify(fromRoot)}, __bianminReleaseRoot).href`;
            return {
              contents: readFileSync(args.path, 'utf8').replaceAll('import.meta.url', own),
              loader: 'ts',
            };
          });
        },
      },
    ],
    // Each output file (entry or chunk) knows the release root from its own place.
    // CommonJS packages inside an ES module bundle still call require for Node's own modules.
    banner: {
      js: [
        "import { createRequire as __bianminRequire } from 'node:module';",
        'const require = __bianminRequire(import.meta.url);',
        "const __bianminReleaseRoot = new URL(import.meta.url.includes('/lib/chunks/') ? '../../' : '../', import.meta.url);",
      ].join(' '),
    },
  });
  const externals = new Map<string, Set<string>>();
  for (const [input, { imports }] of Object.entries(built.metafile.inputs)) {
    for (const imported of imports) {
      // esbuild's own `<runtime>` helpers and Node's modules are not packages to install.
      if (!imported.external || !EXTERNAL_PACKAGES.test(imported.path)) continue;
      const name = packageName(imported.path);
      const folders = externals.get(name) ?? new Set<string>();
      folders.add(join(input, '..'));
      externals.set(name, folders);
    }
  }
  // Loaded by name in code the bundler cannot follow (a worker's source text).
  externals.set('pinyin-pro', new Set(['config/src']));
  return { externals };
}
