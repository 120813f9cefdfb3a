/**
 * The agent's resident memory over many card reads and ticket prints, measured in a child
 * process (agent-memory-child.ts) after a forced garbage collection every 1,000 operations.
 * The HTTP client is this process, so its memory is not counted.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openNetworkSwitch } from '@bianmin/common/testing';
import type { ChildMessage, ParentMessage } from './agent-memory-child.js';

const MB = 1024 * 1024;
/** Operations (half card reads, half prints) between two samples. */
const STEP = 1000;
/** Growth after the first step still counted as flat: allocator and JIT noise. */
const FLAT_MB = 5;

interface MemorySample {
  operations: number;
  rssMb: number;
  heapUsedMb: number;
}

export interface MemoryOutcome {
  /** The child with Node and the TypeScript loader (tsx, as `npm start` runs the agent), no agent code. */
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
export async function agentMemory(each: number): Promise<MemoryOutcome> {
  const noCentre = await openNetworkSwitch();
  const child = fork(fileURLToPath(new URL('./agent-memory-child.ts', import.meta.url)), {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    env: { ...process.env, BENCH_CENTRE_URL: noCentre.url },
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
    samples.push({ operations, rssMb: s.rssBytes / MB, heapUsedMb: s.heapUsedBytes / MB });
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

export function describeAgentMemory(o: MemoryOutcome): string {
  const mb = (x: number) => `${x.toFixed(1)} MB`;
  return (
    `agent RSS (child process, forced GC) over ${o.cardReads.toLocaleString('en')} card reads (reader directly; ${o.failedReads} failed) and ${o.prints.toLocaleString('en')} ticket prints over HTTP: ` +
    `node + tsx loader alone ${mb(o.bareMb)}; agent started ${mb(o.startMb)}, end ${mb(o.endMb)}, max ${mb(o.maxMb)}; growth after the first 1,000 operations ${mb(o.growthAfterWarmMb)} (${o.flat ? 'flat' : 'NOT flat'}); ` +
    `heap used ${mb(o.samples[0]!.heapUsedMb)} -> ${mb(o.samples.at(-1)!.heapUsedMb)}; ${o.seconds.toFixed(0)} s\n` +
    `  RSS every 1,000 operations (MB): ${o.samples.map((s) => s.rssMb.toFixed(1)).join(', ')}\n` +
    `  heap used every 1,000 operations (MB): ${o.samples.map((s) => s.heapUsedMb.toFixed(1)).join(', ')}`
  );
}

/** `tsx scripts/bench/agent-memory.ts [each]`: this measurement alone. */
if (import.meta.url === `file://${process.argv[1]}`) {
  const each = Number(process.argv[2] ?? process.env.BENCH_MEMORY_OPS ?? 10_000);
  console.log(describeAgentMemory(await agentMemory(each)));
}
