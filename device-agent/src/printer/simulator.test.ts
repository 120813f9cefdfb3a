import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryPair } from '../transport/index.js';
import { autoStatusBackRequest, bufferedPaperStatusRequest, statusRequest } from './escpos.js';
import { ReceiptPrinterSimulator } from './simulator.js';
import { decodeAutoStatus } from './status.js';

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

/** A simulator and the host end, with a way to await the next `count` bytes it sends. */
async function setUp() {
  const pair = createMemoryPair('printer-sim');
  const simulator = new ReceiptPrinterSimulator(pair.device);
  await simulator.start();
  await pair.host.open();
  stops.push(() => simulator.stop());
  const received: number[] = [];
  let arrived: (() => void) | undefined;
  pair.host.onData((chunk) => {
    received.push(...chunk);
    arrived?.();
  });
  const next = async (count: number): Promise<Uint8Array> => {
    while (received.length < count) await new Promise<void>((resolve) => (arrived = resolve));
    return Uint8Array.from(received.splice(0, count));
  };
  return { pair, simulator, next };
}

describe('ReceiptPrinterSimulator automatic status back', () => {
  it('pushes the four bytes when enabled and again on every change, until disabled', async () => {
    const { pair, simulator, next } = await setUp();
    await pair.host.write(autoStatusBackRequest(0xff));
    expect(decodeAutoStatus(await next(4))).toMatchObject({
      ok: true,
      value: { printer: { offline: false, coverOpen: false }, paper: { paperEnd: false } },
    });

    simulator.setCondition({ coverOpen: true });
    expect(decodeAutoStatus(await next(4))).toMatchObject({
      ok: true,
      value: { printer: { offline: true, coverOpen: true } },
    });

    // No change, no push: the next byte is the reply to a real-time request.
    simulator.setCondition({ coverOpen: true });
    await pair.host.write(statusRequest(1));
    expect(await next(1)).toEqual(Uint8Array.of(0x1a));

    simulator.setCondition({ coverOpen: false });
    expect(decodeAutoStatus(await next(4))).toMatchObject({
      ok: true,
      value: { printer: { coverOpen: false } },
    });

    // `GS r 1` is answered in turn, so its reply says `GS a 0` has been read.
    await pair.host.write(
      Uint8Array.from([...autoStatusBackRequest(0), ...bufferedPaperStatusRequest()]),
    );
    expect(await next(1)).toEqual(Uint8Array.of(0x00));
    simulator.setCondition({ paper: 'near-end' });
    await pair.host.write(statusRequest(4));
    expect(await next(1)).toEqual(Uint8Array.of(0x1e));
  });
});
