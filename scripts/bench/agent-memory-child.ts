/**
 * The agent under the memory benchmark (agent-memory.ts forks it with --expose-gc, so the
 * resident size measured is this process's alone), on the production profile. It serves tickets over HTTP and, on the
 * parent's word, reads cards through the agent's device wiring (createDevices on the same
 * simulated devices config): the card watcher cannot read faster than every 300 ms, so
 * 10,000 reads through it would take 50 minutes.
 */
// As the agent's entry does first (device-agent/src/main.ts).
import '../../device-agent/src/v8-flags.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { writeHeapSnapshot } from 'node:v8';

export type ParentMessage =
  { type: 'sample' } | { type: 'read-cards'; count: number } | { type: 'stop' };
export type ChildMessage =
  /** `bareRssBytes`: this process with the TypeScript loader, before the agent's code loads. */
  | { type: 'ready'; url: string; bareRssBytes: number }
  | {
      type: 'sample';
      rssBytes: number;
      heapUsedBytes: number;
      /** V8's whole heap, free space included: RSS beyond it is native memory and code files. */
      heapTotalBytes: number;
      /** Private (anonymous) resident memory, without the mapped files of Node and its addons. */
      rssAnonBytes: number;
    }
  | { type: 'read-cards-done'; failed: number };

const send = (message: ChildMessage) => process.send!(message);

const gc = globalThis.gc;
if (!gc) throw new Error('run with --expose-gc');
gc();
const bareRssBytes = process.memoryUsage().rss;
// Loaded only now, so the figure above is the runtime's and the loader's alone.
const { DEFAULT_CONFIG_DIR, loadTerminalConfig } = await import('@bianmin/config');
const { buildAgent, createDevices } = await import('@bianmin/device-agent');
const { SAMPLE_IDENTITIES } = await import('../../device-agent/src/id-card/index.js');
const { quiet, temp } = await import('./shared.js');

const config = loadTerminalConfig(DEFAULT_CONFIG_DIR);
if (!config.ok) throw new Error('default config invalid');

// A terminal's profile: no API description, no development routes. Its devices stay the
// simulators, which production allows only when told to.
const devices = {
  ...config.value.devices,
  profile: 'production',
  allowSimulatorsInProduction: true,
} as const;
const agent = await buildAgent({
  ...config.value,
  devices,
  dataDir: temp('memory'),
  logger: quiet,
  centreUrl: process.env.BENCH_CENTRE_URL!,
});
const url = await agent.server.listen({ port: 0, host: '127.0.0.1' });
await agent.start();
// The reader driven directly, on a second set of devices in this process: only what reading
// needs, or a second set of the counters' keypad buses would poll here too and be counted.
const {
  counterCallers: _callers,
  counterDisplays: _displays,
  speech: _speech,
  ...readingOnly
} = devices;
const reading = await createDevices(readingOnly, quiet);
const simulator = reading.simulators.reader!;

/** Returns how many reads failed (a reply timeout on a machine busy with other work). */
async function readCards(count: number): Promise<number> {
  let failed = 0;
  for (let i = 0; i < count; i++) {
    simulator.removeCard();
    simulator.placeCard(SAMPLE_IDENTITIES[i % SAMPLE_IDENTITIES.length]!.holder);
    const read = await reading.reader.readCard();
    if (!read.ok) failed += 1;
  }
  return failed;
}

function memoryNow() {
  const { rss, heapUsed, heapTotal } = process.memoryUsage();
  const anonKb = /^RssAnon:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  return {
    rssBytes: rss,
    heapUsedBytes: heapUsed,
    heapTotalBytes: heapTotal,
    rssAnonBytes: Number(anonKb ?? NaN) * 1024,
  };
}

/**
 * BENCH_MEMORY_DUMP_DIR: after each sample's figures, the process's memory map
 * (`s<n>.smaps`) there, and with BENCH_MEMORY_HEAP_SNAPSHOT=1 a heap snapshot too, to see
 * what is resident and what grows between two samples (docs/benchmarks.md, Agent memory).
 */
const dumpDir = process.env.BENCH_MEMORY_DUMP_DIR;
let samples = 0;
function dump(): void {
  if (!dumpDir) return;
  samples += 1;
  writeFileSync(`${dumpDir}/s${samples}.smaps`, readFileSync('/proc/self/smaps'));
  if (process.env.BENCH_MEMORY_HEAP_SNAPSHOT === '1')
    writeHeapSnapshot(`${dumpDir}/s${samples}.heapsnapshot`);
}

process.on('message', (message: ParentMessage) => {
  void (async () => {
    switch (message.type) {
      case 'sample':
        gc();
        gc();
        send({ type: 'sample', ...memoryNow() });
        dump();
        return;
      case 'read-cards':
        send({ type: 'read-cards-done', failed: await readCards(message.count) });
        return;
      case 'stop':
        await reading.close();
        await agent.close();
        process.disconnect();
    }
  })();
});
send({ type: 'ready', url, bareRssBytes });
