/**
 * The agent's resident memory over many card reads and ticket prints, measured in a child
 * process (agent-memory-child.ts) after a forced garbage collection every 1,000 operations.
 * The HTTP client is this process, so its memory is not counted. The child runs either as
 * `npm start` runs the agent (Node with the tsx loader) or as a terminal would run a build:
 * plain Node on an esbuild bundle of the project's own code, its npm dependencies loaded
 * from node_modules as usual. Either way with the agent's production Node flags
 * (device-agent/runtime.env) unless asked for Node's defaults.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openNetworkSwitch } from '@bianmin/common/testing';
import { EXTERNAL_PACKAGES } from '../release/bundle.js';
import { AGENT_RUNTIME_ENV, agentRuntimeEnvironment } from '../stack.js';
import type { DevicesConfig, TerminalConfigSet } from '@bianmin/config';
import type { ChildMessage, ParentMessage } from './agent-memory-child.js';
import type { RunningAgent } from './shared.js';

/** 'bundle': plain Node on an esbuild bundle; 'tsx': Node with the tsx loader, as `npm start`. */
export type AgentRuntime = 'bundle' | 'tsx';

const CHILD_SOURCE = fileURLToPath(new URL('./agent-memory-child.ts', import.meta.url));
const PROFILE_SOURCE = fileURLToPath(new URL('./agent-memory-profile.ts', import.meta.url));
const SERVE_SOURCE = fileURLToPath(new URL('./agent-memory-serve.ts', import.meta.url));
/** Inside the repository, so the bundle's npm imports resolve from its node_modules. */
const BUNDLE_DIR = fileURLToPath(
  new URL('../../node_modules/.cache/bianmin-bench/', import.meta.url),
);
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
interface Esbuild {
  build(options: Record<string, unknown> & { plugins: EsbuildPlugin[] }): Promise<unknown>;
}

/**
 * The child as a terminal would run a release: the project's workspaces and the npm packages
 * they import in one minified ES module bundle, leaving out the release's EXTERNAL_PACKAGES
 * (scripts/release/bundle.ts). Minified, because V8 keeps every script's source text in the heap for
 * functions it compiles lazily (docs/benchmarks.md, Agent memory). Each source's
 * `import.meta.url` is fixed to its own file, as the config and kiosk folders are found
 * relative to it.
 */
async function bundleChild(source = CHILD_SOURCE): Promise<string> {
  const esbuild = (await import(ESBUILD)) as Esbuild;
  // Chunks of earlier builds would otherwise pile up beside the new ones.
  rmSync(BUNDLE_DIR, { recursive: true, force: true });
  mkdirSync(BUNDLE_DIR, { recursive: true });
  await esbuild.build({
    entryPoints: [source],
    outdir: BUNDLE_DIR,
    outExtension: { '.js': '.mjs' },
    // The child loads the agent with import() after measuring itself bare; split, that code
    // and the npm packages it imports load only then.
    splitting: true,
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // CommonJS packages inside an ES module bundle still call require for Node's own modules.
    banner: {
      js: "import { createRequire as bundleRequire } from 'node:module'; const require = bundleRequire(import.meta.url);",
    },
    logLevel: 'warning',
    plugins: [
      {
        name: 'native-and-file-reading-packages-external',
        setup(build) {
          build.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith('node:') ||
            isBuiltin(args.path) ||
            EXTERNAL_PACKAGES.test(args.path)
              ? { path: args.path, external: true }
              : undefined,
          );
          build.onLoad({ filter: /\.ts$/ }, (args) => ({
            contents: readFileSync(args.path, 'utf8').replaceAll(
              'import.meta.url',
              JSON.stringify(pathToFileURL(args.path).href),
            ),
            loader: 'ts',
          }));
        },
      },
    ],
  });
  return join(BUNDLE_DIR, basename(source).replace(/\.ts$/, '.mjs'));
}

const MB = 1024 * 1024;
/** Operations (half card reads, half prints) between two samples. */
const STEP = 1000;
/** Growth after the first step still counted as flat: allocator and JIT noise. */
const FLAT_MB = 5;

interface MemorySample {
  operations: number;
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  rssAnonMb: number;
}

export interface MemoryOutcome {
  runtime: AgentRuntime;
  flags: 'production' | 'node';
  /** The child before any agent code is loaded: Node alone, or Node with the tsx loader. */
  bareMb: number;
  cardReads: number;
  failedReads: number;
  prints: number;
  samples: MemorySample[];
  startMb: number;
  endMb: number;
  maxMb: number;
  /** End minus the sample after the first step, when caches and code are warm. */
  growthAfterWarmMb: number;
  flat: boolean;
  seconds: number;
}

function talk(child: ChildProcess) {
  const waiting: ((m: ChildMessage) => void)[] = [];
  child.on('message', (m: ChildMessage) => waiting.shift()?.(m));
  return <T extends ChildMessage['type']>(message: ParentMessage, reply: T) =>
    new Promise<Extract<ChildMessage, { type: T }>>((resolve, reject) => {
      waiting.push((m) =>
        m.type === reply
          ? resolve(m as Extract<ChildMessage, { type: T }>)
          : reject(new Error(`got ${m.type}`)),
      );
      child.send(message);
    });
}

/** `each` card reads and `each` prints, sampled every 1,000 operations. */
export async function agentMemory(
  each: number,
  runtime: AgentRuntime = 'bundle',
  /** 'production': the agent's own Node flags (device-agent/runtime.env); 'node': Node's defaults. */
  flags: 'production' | 'node' = 'production',
): Promise<MemoryOutcome> {
  const script = runtime === 'bundle' ? await bundleChild() : CHILD_SOURCE;
  const noCentre = await openNetworkSwitch();
  const { NODE_OPTIONS: _inherited, ...env } = process.env;
  const child = fork(script, {
    execArgv: [
      '--expose-gc',
      ...(flags === 'production' ? [`--env-file=${AGENT_RUNTIME_ENV}`] : []),
      ...(runtime === 'tsx' ? ['--import', 'tsx'] : []),
      // Node or V8 flags to try beside the production ones, e.g. `--bytecode-old-age=1`.
      ...(process.env.BENCH_CHILD_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
    ],
    // The file's variables in the environment too, as the systemd unit's EnvironmentFile=.
    env: {
      ...env,
      ...(flags === 'production' ? agentRuntimeEnvironment() : {}),
      BENCH_CENTRE_URL: noCentre.url,
    },
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const ready = await new Promise<Extract<ChildMessage, { type: 'ready' }>>((resolve, reject) => {
    child.once('message', (m: ChildMessage) =>
      m.type === 'ready' ? resolve(m) : reject(new Error(`got ${m.type}`)),
    );
    child.once('exit', (code) =>
      reject(new Error(`the agent exited (${code}) before it was ready`)),
    );
  });
  const ask = talk(child);
  const started = performance.now();
  const samples: MemorySample[] = [];
  const sample = async (operations: number) => {
    const s = await ask({ type: 'sample' }, 'sample');
    samples.push({
      operations,
      rssMb: s.rssBytes / MB,
      heapUsedMb: s.heapUsedBytes / MB,
      heapTotalMb: s.heapTotalBytes / MB,
      rssAnonMb: s.rssAnonBytes / MB,
    });
  };

  await sample(0);
  let printed = 0;
  let failedReads = 0;
  for (let done = 0; done < each; done += STEP / 2) {
    const count = Math.min(STEP / 2, each - done);
    failedReads += (await ask({ type: 'read-cards', count }, 'read-cards-done')).failed;
    for (let i = 0; i < count; i++, printed++) {
      const reply = await fetch(`${ready.url}/api/v1/tickets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          requestId: `bench-memory-${printed}`,
          serviceId: 'medical-insurance',
          priority: false,
          durationMs: 1000,
        }),
      });
      const body = (await reply.json()) as { print?: { printed?: boolean } };
      if (reply.status !== 201)
        throw new Error(`ticket answered ${reply.status}: ${JSON.stringify(body)}`);
    }
    await sample((done + count) * 2);
  }
  child.send({ type: 'stop' } satisfies ParentMessage);
  await exited;
  await noCentre.close();

  const rss = samples.map((s) => s.rssMb);
  const warm = samples[1]?.rssMb ?? rss[0]!;
  const growthAfterWarmMb = rss.at(-1)! - warm;
  return {
    runtime,
    flags,
    bareMb: ready.bareRssBytes / MB,
    cardReads: each,
    failedReads,
    prints: printed,
    samples,
    startMb: rss[0]!,
    endMb: rss.at(-1)!,
    maxMb: Math.max(...rss),
    growthAfterWarmMb,
    flat: growthAfterWarmMb < FLAT_MB,
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * The agent in its own process as a terminal runs it (the bundle, runtime.env's flags and
 * environment), for measurements that need a client Node with its defaults: --jitless leaves
 * no WebAssembly, so the client's fetch could not run beside the agent.
 */
async function startAgentProcess(
  config: TerminalConfigSet,
  _name: string,
  devices: DevicesConfig = config.devices,
  flags: 'production' | 'node' = 'production',
): Promise<RunningAgent> {
  const script = await bundleChild(SERVE_SOURCE);
  const noCentre = await openNetworkSwitch();
  const { NODE_OPTIONS: _inherited, ...env } = process.env;
  const child = fork(script, {
    execArgv: flags === 'production' ? [`--env-file=${AGENT_RUNTIME_ENV}`] : [],
    env: {
      ...env,
      ...(flags === 'production' ? agentRuntimeEnvironment() : {}),
      BENCH_CENTRE_URL: noCentre.url,
      BENCH_DEVICES: JSON.stringify(devices),
    },
  });
  const { url } = await new Promise<{ url: string }>((resolve, reject) => {
    child.once('message', (m: { url: string }) => resolve(m));
    child.once('exit', (code) => reject(new Error(`the agent exited (${code})`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    url,
    post: (path, body) =>
      fetch(`${url}/api/v1${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    async close() {
      child.send('stop');
      await exited;
      await noCentre.close();
    },
  };
}

export function describeAgentMemory(o: MemoryOutcome): string {
  const mb = (x: number) => `${x.toFixed(1)} MB`;
  return (
    `agent RSS (child process, ${o.runtime === 'bundle' ? 'plain node on an esbuild bundle' : 'node with the tsx loader'}, ${o.flags === 'production' ? "the agent's production flags" : "Node's default flags"}, forced GC) over ${o.cardReads.toLocaleString('en')} card reads (reader directly; ${o.failedReads} failed) and ${o.prints.toLocaleString('en')} ticket prints over HTTP: ` +
    `${o.runtime === 'bundle' ? 'node' : 'node + tsx loader'} alone ${mb(o.bareMb)}; agent started ${mb(o.startMb)}, end ${mb(o.endMb)}, max ${mb(o.maxMb)}; growth after the first 1,000 operations ${mb(o.growthAfterWarmMb)} (${o.flat ? 'flat' : 'NOT flat'}); ` +
    `heap used ${mb(o.samples[0]!.heapUsedMb)} -> ${mb(o.samples.at(-1)!.heapUsedMb)}; ${o.seconds.toFixed(0)} s\n` +
    `  RSS every 1,000 operations (MB): ${o.samples.map((s) => s.rssMb.toFixed(1)).join(', ')}\n` +
    `  heap used every 1,000 operations (MB): ${o.samples.map((s) => s.heapUsedMb.toFixed(1)).join(', ')}\n` +
    `  heap total (MB): ${o.samples.map((s) => s.heapTotalMb.toFixed(1)).join(', ')}\n` +
    `  RSS private (RssAnon, MB): ${o.samples.map((s) => s.rssAnonMb.toFixed(1)).join(', ')}`
  );
}

/**
 * `tsx scripts/bench/agent-memory.ts [each] [bundle|tsx] [production|node]`: this
 * measurement alone (flags: the agent's production ones, or Node's defaults);
 * `tsx scripts/bench/agent-memory.ts profile [node flags...]`: where the memory goes
 * (agent-memory-profile.ts), printed by the profiled process itself;
 * `tsx scripts/bench/agent-memory.ts card-latency [placements] [production|node]`:
 * card-to-kiosk.ts with the agent run apart, under its production flags or Node's defaults.
 */
if (import.meta.url === `file://${process.argv[1]}` && process.argv[2] === 'card-latency') {
  const { DEFAULT_CONFIG_DIR, loadTerminalConfig } = await import('@bianmin/config');
  const { cardToKiosk, describeCardToKiosk } = await import('./card-to-kiosk.js');
  const config = loadTerminalConfig(DEFAULT_CONFIG_DIR);
  if (!config.ok) throw new Error('default config invalid');
  const placements = Number(process.argv[3] ?? 40);
  const flags = process.argv[4] === 'node' ? 'node' : 'production';
  for (const baud of ['unpaced', 115200, 9600] as const) {
    const outcome = await cardToKiosk(config.value, baud, placements, (c, name, devices) =>
      startAgentProcess(c, name, devices, flags),
    );
    console.log(describeCardToKiosk(outcome));
  }
} else if (import.meta.url === `file://${process.argv[1]}` && process.argv[2] === 'profile') {
  const script = await bundleChild(PROFILE_SOURCE);
  const child = fork(script, { execArgv: ['--expose-gc', ...process.argv.slice(3)] });
  await new Promise((resolve) => child.once('exit', resolve));
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const each = Number(process.argv[2] ?? process.env.BENCH_MEMORY_OPS ?? 10_000);
  const runtime = process.argv[3] === 'tsx' ? 'tsx' : 'bundle';
  const flags = process.argv[4] === 'node' ? 'node' : 'production';
  console.log(describeAgentMemory(await agentMemory(each, runtime, flags)));
}
