/** ID-card read (status, find, select, read: 1295-byte reply) through the simulator's bytes. */
import { createMemoryPair } from '@bianmin/device-agent';
import {
  IdCardReader,
  IdCardReaderSimulator,
  SAMPLE_IDENTITIES,
} from '../../device-agent/src/id-card/index.js';
import { ms, stats } from './shared.js';

export async function benchCardRead(n = 200): Promise<string> {
  const pair = createMemoryPair('bench-reader');
  const simulator = new IdCardReaderSimulator(pair.device);
  await simulator.start();
  const reader = new IdCardReader(pair.host);
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    simulator.removeCard();
    simulator.placeCard(SAMPLE_IDENTITIES[0]!.holder);
    const t0 = performance.now();
    const read = await reader.readCard();
    samples.push(performance.now() - t0);
    if (!read.ok) throw new Error(`read failed: ${read.error.kind}`);
  }
  await reader.close();
  await simulator.stop();
  const s = stats(samples);
  return `ID-card read via simulator (no wire delay): p50 ${ms(s.p50)}, p99 ${ms(s.p99)} (a real reader at 115200 baud adds ~120 ms of wire time, both ways)`;
}
