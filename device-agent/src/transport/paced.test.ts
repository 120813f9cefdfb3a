import { describe, expect, it } from 'vitest';
import { createManualClock } from '@bianmin/common';
import { createMemoryPair } from './memory-pair.js';
import { createPacedTransport } from './paced.js';

/** The memory pair hands bytes over on the next turn of the event loop. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

async function setUp(baudRate: number) {
  const clock = createManualClock();
  const pair = createMemoryPair('paced');
  await pair.host.open();
  await pair.device.open();
  const paced = createPacedTransport(pair.device, { baudRate, clock });
  const arrivals: [number, number][] = [];
  pair.host.onData((chunk) => arrivals.push([clock.now(), chunk.length]));
  return { clock, pair, paced, arrivals };
}

describe('createPacedTransport', () => {
  it('delivers 1295 bytes at 9600 baud over 1.35 s, in slices, never ahead of the line', async () => {
    const { clock, paced, arrivals } = await setUp(9600);
    let doneAt: number | undefined;
    const written = paced.write(new Uint8Array(1295)).then((r) => {
      doneAt = clock.now();
      return r;
    });
    while (doneAt === undefined && clock.now() < 2000) await clock.advance(10);
    expect(await written).toEqual({ ok: true, value: undefined });
    // 1295 bytes x 10 bits / 9600 baud = 1349 ms.
    expect(doneAt).toBeCloseTo(1348.96, 1);
    await nextTurn();
    expect(arrivals.reduce((n, [, bytes]) => n + bytes, 0)).toBe(1295);
    let sent = 0;
    for (const [at, bytes] of arrivals) {
      sent += bytes;
      expect(at).toBeGreaterThanOrEqual(Math.floor((sent * 10 * 1000) / 9600));
    }
    expect(paced.description).toBe('paced(9600):memory:paced:device');
  });

  it('keeps its pace when the wall clock steps back mid-write', async () => {
    const { clock, paced } = await setUp(9600);
    let done = false;
    const written = paced.write(new Uint8Array(1295)).then(() => (done = true));
    await clock.advance(100);
    clock.step(-8 * 3_600_000);
    for (let ms = 0; ms < 1500 && !done; ms += 10) await clock.advance(10);
    expect(done).toBe(true);
    await written;
  });

  it('queues writes one after another and follows a rate change', async () => {
    const { clock, paced, arrivals } = await setUp(9600);
    await paced.setBaudRate(115200);
    const first = paced.write(new Uint8Array(100));
    const second = paced.write(new Uint8Array(100));
    await clock.advance(20);
    await Promise.all([first, second]);
    await nextTurn();
    expect(arrivals.reduce((n, [, bytes]) => n + bytes, 0)).toBe(200);
    expect(arrivals.at(-1)![0]).toBeGreaterThanOrEqual(17);
  });

  it('passes a failed write on', async () => {
    const clock = createManualClock();
    const pair = createMemoryPair('paced-unplugged');
    const paced = createPacedTransport(pair.device, { baudRate: 115200, clock });
    const written = paced.write(new Uint8Array(10));
    await clock.advance(5);
    expect(await written).toEqual({ ok: false, error: { kind: 'not-open' } });
  });

  it.each([
    ['closed', 'close'],
    ['unplugged', 'unplug'],
  ] as const)(
    'drops what is still queued when the port is %s, so it never spills into the next open',
    async (_, how) => {
      const { clock, pair, paced, arrivals } = await setUp(9600);
      const written = paced.write(new Uint8Array(1295));
      await clock.advance(100);
      if (how === 'close') await paced.close();
      else pair.setConnected(false);
      await clock.advance(20);
      expect(await written).toEqual({ ok: false, error: { kind: 'not-open' } });
      if (how === 'unplug') {
        pair.setConnected(true);
        await pair.host.open();
      }
      await paced.open();
      await clock.advance(2000);
      await nextTurn();
      const sent = arrivals.reduce((n, [, bytes]) => n + bytes, 0);
      expect(sent).toBeGreaterThan(0);
      expect(sent).toBeLessThan(200);
    },
  );
});
