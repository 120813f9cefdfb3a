import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '@bianmin/common/testing';
import {
  createPacedTransport,
  createSerialTransport,
  type ByteTransport,
} from '../transport/index.js';
import { HAVE_SOCAT, socatPair, type SocatPair } from '../transport/socat-pair.fixture.js';
import { ReceiptPrinter, ReceiptPrinterSimulator } from '../printer/index.js';
import { IdCardReader } from './reader.js';
import { SAMPLE_IDENTITIES } from './sample-identities.js';
import { IdCardReaderSimulator } from './simulator.js';

const holder = SAMPLE_IDENTITIES[0]!.holder;

/** Resolves once `bytes` have gone out through `transport` (the simulator's side). */
function afterBytesWritten(transport: ByteTransport, bytes: number) {
  let written = 0;
  let reached: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (reached = resolve));
  const spy: ByteTransport = {
    get description() {
      return transport.description;
    },
    get isOpen() {
      return transport.isOpen;
    },
    open: () => transport.open(),
    close: () => transport.close(),
    onData: (listener) => transport.onData(listener),
    async write(data) {
      const result = await transport.write(data);
      written += data.length;
      if (written >= bytes) reached();
      return result;
    },
  };
  return { spy, done };
}

describe.skipIf(!HAVE_SOCAT)(
  'ID-card reader unplugged and replugged: socat killed and restarted under the same pty links (skipped where /usr/bin/socat is missing: npm test installs it)',
  () => {
    const dir = makeTempDir('hotplug-reader');
    const pairs: SocatPair[] = [];
    const cleanups: (() => Promise<void>)[] = [];
    const pair = (name: string) => {
      const made = socatPair(join(dir.path, name));
      pairs.push(made);
      return made;
    };

    afterEach(async () => {
      for (const cleanup of cleanups.splice(0)) await cleanup();
      for (const p of pairs.splice(0)) await p.unplug();
    });
    afterAll(() => dir.remove());

    it('goes offline while idle and unplugged, leaves the printer alone, and reads again on the first call after replug', async () => {
      const readerLine = pair('idle-reader');
      const printerLine = pair('idle-printer');
      await readerLine.plug();
      await printerLine.plug();
      const sim = new IdCardReaderSimulator(
        createSerialTransport({ path: readerLine.b, baudRate: 115200 }),
      );
      const reader = new IdCardReader(
        createSerialTransport({ path: readerLine.a, baudRate: 115200 }),
      );
      const printerSim = new ReceiptPrinterSimulator(
        createSerialTransport({ path: printerLine.b, baudRate: 9600 }),
      );
      const printer = new ReceiptPrinter(
        createSerialTransport({ path: printerLine.a, baudRate: 9600 }),
      );
      cleanups.push(async () => {
        await reader.close();
        await sim.stop();
        await printer.close();
        await printerSim.stop();
      });
      await sim.start();
      await printerSim.start();
      expect(await reader.probe()).toEqual({ ok: true, value: undefined });
      expect((await printer.status()).state).toBe('ready');

      await readerLine.unplug();
      // The open port fails its next write (EIO), unless serialport noticed the hang-up first
      // and closed it; either way the vanished link then fails every open.
      expect(await reader.probe()).toMatchObject({
        ok: false,
        error: { kind: 'reader-offline', detail: expect.stringMatching(/^(write|open) failed/) },
      });
      expect(await reader.probe()).toMatchObject({
        ok: false,
        error: { kind: 'reader-offline', detail: expect.stringMatching(/^open failed/) },
      });
      expect((await printer.status()).state).toBe('ready');

      await readerLine.plug();
      // The module powers up with the adapter: its end of the new pty is opened afresh.
      await sim.stop();
      await sim.start();
      expect(await reader.probe()).toEqual({ ok: true, value: undefined });
      sim.placeCard(holder);
      expect(await reader.readCard()).toEqual({ ok: true, value: { holder } });
    });

    it('fails a read cut off by the unplug, and reads on the first call after replug', async () => {
      const line = pair('mid-read');
      await line.plug();
      // At 9600 baud the 1295-byte read reply takes 1.35 s: the cable goes a quarter of the way in.
      const simSide = afterBytesWritten(
        createSerialTransport({ path: line.b, baudRate: 9600 }),
        400,
      );
      const sim = new IdCardReaderSimulator(createPacedTransport(simSide.spy, { baudRate: 9600 }));
      const reader = new IdCardReader(createSerialTransport({ path: line.a, baudRate: 9600 }), {
        baudRate: 9600,
      });
      cleanups.push(async () => {
        await reader.close();
        await sim.stop();
      });
      await sim.start();
      sim.placeCard(holder);

      const reading = reader.readCard();
      await simSide.done;
      await line.unplug();
      // A pty whose other side vanished reads nothing and signals nothing (serialport notices
      // only at the next write), so the reply timeout ends the read: as an incomplete reply
      // when part of it got through, as silence when none did.
      const cut = await reading;
      expect(cut.ok).toBe(false);
      if (!cut.ok) expect(['frame-invalid', 'reader-offline']).toContain(cut.error.kind);
      expect(await reader.probe()).toMatchObject({ ok: false, error: { kind: 'reader-offline' } });

      await line.plug();
      await sim.stop();
      await sim.start();
      // The module restarted with the adapter, so the card on it counts as newly placed.
      sim.placeCard(holder);
      expect(await reader.readCard()).toEqual({ ok: true, value: { holder } });
    });

    it('finds the adapter again when it comes back under a new /dev/serial/by-id name', async () => {
      const line = pair('by-id');
      const byId = join(dir.path, 'by-id');
      mkdirSync(byId);
      const firstName = join(byId, 'usb-Acme_IDR210_0001-if00-port0');
      await line.plug();
      symlinkSync(line.a, firstName);
      const sim = new IdCardReaderSimulator(
        createSerialTransport({ path: line.b, baudRate: 115200 }),
      );
      const reader = new IdCardReader(
        createSerialTransport({
          match: { vendor: 'Acme', product: 'IDR210' },
          byIdFolder: byId,
          baudRate: 115200,
        }),
      );
      cleanups.push(async () => {
        await reader.close();
        await sim.stop();
      });
      await sim.start();
      expect(await reader.probe()).toEqual({ ok: true, value: undefined });

      await line.unplug();
      rmSync(firstName);
      expect(await reader.probe()).toMatchObject({ ok: false, error: { kind: 'reader-offline' } });
      expect(await reader.probe()).toMatchObject({
        ok: false,
        error: { kind: 'reader-offline', detail: expect.stringContaining('no adapter') },
      });

      await line.plug();
      symlinkSync(line.a, join(byId, 'usb-Acme_IDR210_0001-if01-port0'));
      await sim.stop();
      await sim.start();
      expect(await reader.probe()).toEqual({ ok: true, value: undefined });
    });
  },
);
