/**
 * Where the agent's resident memory goes: the process's size after each big dependency
 * loads, then after the agent is built, listens and starts. Run as plain Node on an esbuild
 * bundle (`npx tsx scripts/bench/agent-memory.ts profile [node flags...]`), like the
 * benchmark's child. Each step is measured after two forced collections; the figures are
 * cumulative, so a step's cost is its difference from the row before.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { getHeapSpaceStatistics } from 'node:v8';

const gc = globalThis.gc;
if (!gc) throw new Error('run with --expose-gc');
const MB = 1024 * 1024;

function kb(text: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  return match ? Number(match[1]) / 1024 : NaN;
}

const rows: string[] = [];
const measure = (step: string): void => {
  gc();
  gc();
  const m = process.memoryUsage();
  const status = readFileSync('/proc/self/status', 'utf8');
  rows.push(
    [
      step.padEnd(34),
      (m.rss / MB).toFixed(1),
      kb(status, 'RssAnon').toFixed(1),
      kb(status, 'RssFile').toFixed(1),
      (m.heapTotal / MB).toFixed(1),
      (m.heapUsed / MB).toFixed(1),
      (m.external / MB).toFixed(1),
      (m.arrayBuffers / MB).toFixed(1),
    ].join(' | '),
  );
};

/**
 * The agent's big npm dependencies, in the order they are measured; by name, as they load
 * from node_modules in production (the agent's own imports of them are what is measured).
 */
const DEPENDENCIES: readonly (readonly string[])[] = [
  ['pino'],
  ['luxon'],
  ['zod'],
  ['typebox'],
  ['fastify'],
  ['@fastify/static'],
  ['@fastify/swagger', '@fastify/swagger-ui'],
  ['better-sqlite3'],
  ['iconv-lite'],
  ['serialport'],
  ['node-hid'],
];
const load = (name: string): Promise<unknown> => import(name);

measure('node alone');
for (const names of DEPENDENCIES) {
  for (const name of names) await load(name);
  measure(`+ ${names.join(' + ')}`);
}
const { DEFAULT_CONFIG_DIR, loadTerminalConfig } = await import('@bianmin/config');
measure('+ @bianmin/config');
const { buildAgent } = await import('@bianmin/device-agent');
measure("+ the agent's modules");
const { quiet, temp } = await import('./shared.js');
const config = loadTerminalConfig(DEFAULT_CONFIG_DIR);
if (!config.ok) throw new Error('default config invalid');
// What building the agent is made of, each part on its own (then released but for code).
const { openTerminalDatabase } = await import('../../device-agent/src/queue/terminal-database.js');
const probeDb = openTerminalDatabase(`${temp('memory-profile-db')}/terminal.sqlite`);
measure('  terminal database opened');
if (probeDb.ok) probeDb.value.close();
const { createDevices } = await import('@bianmin/device-agent');
const probeDevices = await createDevices(config.value.devices, quiet);
measure('  simulated devices created');
await probeDevices.close();
const { generateKeyPairSync } = await import('node:crypto');
generateKeyPairSync('ed25519');
measure('  an Ed25519 key made (OpenSSL)');
const { default: Fastify } = (await load('fastify')) as {
  default: () => { ready(): PromiseLike<unknown> };
};
await Fastify().ready();
measure('  an empty Fastify server ready');
const profile = process.env.BENCH_PROFILE as 'production' | undefined;
const agent = await buildAgent({
  ...config.value,
  devices: profile
    ? { ...config.value.devices, profile, allowSimulatorsInProduction: true }
    : config.value.devices,
  dataDir: temp('memory-profile'),
  logger: quiet,
  centreUrl: 'http://127.0.0.1:9',
});
measure('agent built');
const url = await agent.server.listen({ port: 0, host: '127.0.0.1' });
measure('listening (routes compiled)');
await agent.start();
measure('started');
const spaces = () =>
  getHeapSpaceStatistics()
    .filter((space) => space.space_used_size > MB / 2)
    .map((space) => `${space.space_name} ${(space.space_used_size / MB).toFixed(1)}`)
    .join(', ');
const spacesAtStart = spaces();
// node:http, not fetch: fetch's parser is WebAssembly, megabytes the agent itself never loads.
const ticket = (n: number) =>
  new Promise<void>((resolve, reject) => {
    const body = JSON.stringify({
      requestId: `profile-${n}`,
      serviceId: 'medical-insurance',
      priority: false,
      durationMs: 1000,
    });
    const sent = request(
      `${url}/api/v1/tickets`,
      { method: 'POST', headers: { 'content-type': 'application/json' } },
      (reply) => {
        reply.resume();
        reply.once('end', () =>
          reply.statusCode === 201 ? resolve() : reject(new Error(`ticket: ${reply.statusCode}`)),
        );
      },
    );
    sent.once('error', reject);
    sent.end(body);
  });
await ticket(0);
measure('first ticket printed');
for (let n = 1; n < 300; n++) await ticket(n);
measure('300 tickets printed');
// The uploader posts with fetch: its first call loads undici and compiles its WebAssembly
// HTTP parser. Unless the uploader has already called it (a centre refusing), this is the cost.
await fetch('http://127.0.0.1:9').catch(() => undefined);
measure('fetch called once (refused)');
const smaps = readFileSync('/proc/self/smaps_rollup', 'utf8');
await agent.close();

console.log(
  'step | RSS | RssAnon | RssFile | heapTotal | heapUsed | external | arrayBuffers (MB)\n' +
    rows.join('\n'),
);
console.log(`heap spaces used (MB), started: ${spacesAtStart}\nafter the tickets: ${spaces()}`);
console.log(smaps);
