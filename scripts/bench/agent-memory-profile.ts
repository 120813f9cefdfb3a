/**
 * Where the agent's resident memory goes: the process's size after each big dependency
 * loads, then after the agent is built, listens and starts. Run as plain Node on an esbuild
 * bundle (`npx tsx scripts/bench/agent-memory.ts profile [node flags...]`), like the
 * benchmark's child. Each step is measured after two forced collections; the figures are
 * cumulative, so a step's cost is its difference from the row before.
 */
import { readFileSync } from 'node:fs';

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

measure('node alone');
await import('pino');
measure('+ pino');
await import('luxon');
measure('+ luxon');
await import('zod');
measure('+ zod');
await import('typebox');
measure('+ typebox');
await import('fastify');
measure('+ fastify (ajv, fast-json-stringify)');
await import('@fastify/static');
measure('+ @fastify/static');
await import('@fastify/swagger');
await import('@fastify/swagger-ui');
measure('+ @fastify/swagger + swagger-ui');
const { default: Database } = await import('better-sqlite3');
measure('+ better-sqlite3');
await import('iconv-lite');
measure('+ iconv-lite');
await import('serialport');
measure('+ serialport');
await import('node-hid');
measure('+ node-hid');
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
const { default: Fastify } = await import('fastify');
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
await agent.server.listen({ port: 0, host: '127.0.0.1' });
measure('listening (routes compiled)');
await agent.start();
measure('started');
const smaps = readFileSync('/proc/self/smaps_rollup', 'utf8');
await agent.close();
void Database;

console.log(
  'step | RSS | RssAnon | RssFile | heapTotal | heapUsed | external | arrayBuffers (MB)\n' +
    rows.join('\n'),
);
console.log(smaps);
