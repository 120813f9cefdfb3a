import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '@bianmin/common/testing';
import { createSerialTransport } from '../transport/index.js';
import { HAVE_SOCAT, socatPair, type SocatPair } from '../transport/socat-pair.fixture.js';
import { EscPosBuilder } from './escpos.js';
import { ReceiptPrinter } from './printer.js';
import { ReceiptPrinterSimulator } from './simulator.js';

/** A long slip, so the cable can be pulled while the printer is still taking it in. */
function longJob(lines: number): Uint8Array {
  const job = new EscPosBuilder().init();
  for (let i = 0; i < lines; i++) job.line(`Line ${i} of a long test slip`);
  return job.cut().build();
}

describe.skipIf(!HAVE_SOCAT)(
  'Receipt printer unplugged and replugged: socat killed and restarted under the same pty links (skipped where /usr/bin/socat is missing: npm test installs it)',
  () => {
    const dir = makeTempDir('hotplug-printer');
    let line: SocatPair | undefined;
    const cleanups: (() => Promise<void>)[] = [];

    afterEach(async () => {
      for (const cleanup of cleanups.splice(0)) await cleanup();
      await line?.unplug();
    });
    afterAll(() => dir.remove());

    async function setUp(name: string) {
      const pair = socatPair(join(dir.path, name));
      line = pair;
      await pair.plug();
      const simSide = createSerialTransport({ path: pair.b, baudRate: 9600 });
      const sim = new ReceiptPrinterSimulator(simSide);
      const printer = new ReceiptPrinter(createSerialTransport({ path: pair.a, baudRate: 9600 }), {
        printTimeoutMs: 2000,
      });
      cleanups.push(async () => {
        await printer.close();
        await sim.stop();
      });
      await sim.start();
      /** The printer powers up with the adapter: its end of the new pty is opened afresh. */
      const replug = async () => {
        await pair.plug();
        await sim.stop();
        await sim.start();
      };
      return { pair, sim, simSide, printer, replug };
    }

    it('reports offline while unplugged and ready on the first status after replug', async () => {
      const { pair, printer, replug } = await setUp('idle');
      expect(await printer.status()).toEqual({ state: 'ready', paperNearEnd: false });

      await pair.unplug();
      expect(await printer.status()).toEqual({ state: 'offline' });
      expect(await printer.status()).toEqual({ state: 'offline' });
      expect(await printer.print(longJob(1))).toMatchObject({
        ok: false,
        error: { kind: 'offline' },
      });

      await replug();
      expect(await printer.status()).toEqual({ state: 'ready', paperNearEnd: false });
    });

    it('fails a job cut off by the unplug, and prints the next one after replug', async () => {
      const { pair, sim, simSide, printer, replug } = await setUp('mid-job');
      // About 100 kB: far more than the ptys and socat buffer, so pulling the cable as the
      // first job bytes reach the printer leaves most of the job, and its cut, unsent.
      const job = longJob(3000);
      let received = 0;
      let unplugged: Promise<void> | undefined;
      const stopWatching = simSide.onData((chunk) => {
        received += chunk.length;
        // Past the three status requests (3 bytes each): the job itself is arriving.
        if (received > 64) unplugged ??= pair.unplug();
      });
      const printing = printer.print(job);
      expect(await printing).toEqual({
        ok: false,
        error: { kind: 'failed-during-print', status: { state: 'offline' } },
      });
      stopWatching();
      await unplugged;
      expect(received).toBeLessThan(job.length);
      expect(sim.receipts).toHaveLength(0);
      expect(await printing).toEqual({
        ok: false,
        error: { kind: 'failed-during-print', status: { state: 'offline' } },
      });

      await replug();
      expect(sim.receipts.filter((r) => r.lines.length > 0)).toHaveLength(0);
      const next = await printer.print(longJob(3));
      expect(next).toMatchObject({ ok: true });
      expect(sim.receipts).toHaveLength(1);
    });
  },
);
