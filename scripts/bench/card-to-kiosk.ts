/**
 * A card placed on the reader until the kiosk's event stream carries its `card-read`, with
 * the simulator's link paced like a serial line (devices.json simulator `baudRate`): the
 * agent's card watcher polls every 300 ms while a kiosk watches, and each read exchanges
 * status, find, select and read frames at wire speed in both directions.
 */
import type { TerminalConfigSet } from '@bianmin/config';
import { createMemoryPair } from '@bianmin/device-agent';
import {
  IdCardReader,
  IdCardReaderSimulator,
  SAMPLE_IDENTITIES,
} from '../../device-agent/src/id-card/index.js';
import { openSse } from '../../tests/integration/sse-client.js';
import { ms, startAgent, stats } from './shared.js';

/** The card watcher's interval (docs/devices.md: no faster than ~300 ms). */
const POLL_MS = 300;
/**
 * Placements are spread over the poll interval but stop short of its end, so a placement
 * never lands while the poll it was timed against is already asking for a card.
 */
const SPREAD_MS = POLL_MS - 15;
const BITS_PER_BYTE = 10;

export interface CardToKioskOutcome {
  /** 'unpaced' is the simulator with no line speed: the agent's time alone. */
  baudRate: number | 'unpaced';
  placements: number;
  wireMs: number;
  meanPollWaitMs: number;
  raw: ReturnType<typeof stats>;
  /** raw − wire time − mean poll wait. */
  beyondMean: ReturnType<typeof stats>;
  /** raw − wire time − this placement's own wait for the next poll. */
  beyondEach: ReturnType<typeof stats>;
}

/** Bytes on the line for one successful read, counted on an unpaced link. */
async function readExchangeBytes(): Promise<{ commands: number; replies: number }> {
  const pair = createMemoryPair('bench-count');
  const counted = { commands: 0, replies: 0 };
  pair.device.onData((chunk) => (counted.commands += chunk.length));
  pair.host.onData((chunk) => (counted.replies += chunk.length));
  const simulator = new IdCardReaderSimulator(pair.device);
  await simulator.start();
  const reader = new IdCardReader(pair.host);
  simulator.placeCard(SAMPLE_IDENTITIES[0]!.holder);
  const read = await reader.readCard();
  if (!read.ok) throw new Error(`read failed: ${read.error.kind}`);
  await reader.close();
  await simulator.stop();
  return counted;
}

export async function cardToKiosk(
  config: TerminalConfigSet,
  baudRate: number | 'unpaced',
  placements: number,
  /** Where the agent runs: in this process by default (agent-memory.ts runs it apart). */
  start: typeof startAgent = startAgent,
): Promise<CardToKioskOutcome> {
  const bytes = await readExchangeBytes();
  const wireMs =
    baudRate === 'unpaced'
      ? 0
      : ((bytes.commands + bytes.replies) * BITS_PER_BYTE * 1000) / baudRate;
  const reader =
    baudRate === 'unpaced'
      ? { transport: 'simulator' as const }
      : { transport: 'simulator' as const, baudRate: baudRate as 115200 };
  const agent = await start(config, `card-${baudRate}`, {
    ...config.devices,
    idCardReader: reader,
  });
  const stream = await openSse(`${agent.url}/api/v1/events`);
  await stream.next('resync');
  await agent.post('/id-card/watch', { on: true });
  const place = () =>
    agent.post('/dev/id-card', { action: 'place', key: SAMPLE_IDENTITIES[0]!.key });
  // One read not counted: afterwards each placement is timed from the poll that saw the
  // card go, whose end starts the watcher's next interval.
  await place();
  await stream.next('card-read');
  await stream.next('card-removed');
  let removedAt = performance.now();

  const raw: number[] = [];
  const waits: number[] = [];
  for (let i = 0; i < placements; i++) {
    await new Promise((resolve) => setTimeout(resolve, (i * SPREAD_MS) / placements));
    const t0 = performance.now();
    await place();
    await stream.next('card-read');
    raw.push(performance.now() - t0);
    waits.push(Math.max(0, removedAt + POLL_MS - t0));
    // The module answers "no card" after a read: the watcher reports the card gone.
    await stream.next('card-removed');
    removedAt = performance.now();
  }
  stream.close();
  await agent.close();

  const meanPollWaitMs = waits.reduce((sum, w) => sum + w, 0) / waits.length;
  return {
    baudRate,
    placements,
    wireMs,
    meanPollWaitMs,
    raw: stats(raw),
    beyondMean: stats(raw.map((r) => r - wireMs - meanPollWaitMs)),
    beyondEach: stats(raw.map((r, i) => r - wireMs - waits[i]!)),
  };
}

export function describeCardToKiosk(o: CardToKioskOutcome): string {
  const line = o.baudRate === 'unpaced' ? 'unpaced simulator link' : `${o.baudRate} baud`;
  return (
    `card placed to card-read on an SSE client, ${line}, ${o.placements} placements spread over the 300 ms poll: ` +
    `raw p50 ${ms(o.raw.p50)}, p95 ${ms(o.raw.p95)}, max ${ms(o.raw.max)}; ` +
    `wire time ${ms(o.wireMs)}, mean poll wait ${ms(o.meanPollWaitMs)}; ` +
    `beyond wire + mean poll wait p50 ${ms(o.beyondMean.p50)}, p95 ${ms(o.beyondMean.p95)}; ` +
    `beyond wire + each placement's poll wait p50 ${ms(o.beyondEach.p50)}, p95 ${ms(o.beyondEach.p95)}, max ${ms(o.beyondEach.max)}`
  );
}

/** `tsx scripts/bench/card-to-kiosk.ts [placements]`: this measurement alone. */
if (import.meta.url === `file://${process.argv[1]}`) {
  const { DEFAULT_CONFIG_DIR, loadTerminalConfig } = await import('@bianmin/config');
  const config = loadTerminalConfig(DEFAULT_CONFIG_DIR);
  if (!config.ok) throw new Error('default config invalid');
  const placements = Number(process.argv[2] ?? 20);
  for (const baud of ['unpaced', 115200, 9600] as const) {
    console.log(describeCardToKiosk(await cardToKiosk(config.value, baud, placements)));
  }
}
