import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock, err, ok } from '@bianmin/common';
import { IdCardReader, IdCardReaderSimulator, SAMPLE_IDENTITIES } from '../id-card/index.js';
import { ReceiptPrinter, ReceiptPrinterSimulator } from '../printer/index.js';
import { EscPosBuilder } from '../printer/escpos.js';
import { BarcodeScanner, BarcodeScannerSimulator, type ScanResult } from '../scanner/index.js';
import type { ByteTransport } from './byte-transport.js';
import { createMemoryPair, type MemoryPair } from './memory-pair.js';

const holder = SAMPLE_IDENTITIES[0]!.holder;
/** Longer than any test may run: a result that arrives did not come from a timeout. */
const NEVER_MS = 10 * 60_000;

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * A slow line: the first write longer than `limit` bytes passes only its first `limit` bytes
 * and then hangs, as a serial write waits to drain, until the cable is pulled. `cut` resolves
 * once that first part has gone out.
 */
function slowLine(inner: ByteTransport, limit: number) {
  let reached: () => void = () => undefined;
  let stalled = false;
  const cut = new Promise<void>((resolve) => (reached = resolve));
  const transport: ByteTransport = {
    get description() {
      return `slow:${inner.description}`;
    },
    get isOpen() {
      return inner.isOpen;
    },
    open: () => inner.open(),
    close: () => inner.close(),
    onData: (listener) => inner.onData(listener),
    onDisconnect: (listener) => inner.onDisconnect?.(listener) ?? (() => undefined),
    async write(data) {
      if (stalled || data.length <= limit) return inner.write(data);
      stalled = true;
      const first = await inner.write(data.subarray(0, limit));
      if (!first.ok) return first;
      const pulled = new Promise((resolve) => inner.onDisconnect?.(resolve));
      reached();
      await pulled;
      return err({ kind: 'write-failed' as const, message: 'device unplugged' });
    },
  };
  return { transport, cut };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('the in-memory cable pulled and put back, as the development panel does it', () => {
  it('closes both open ends with a disconnect event and refuses opens until it is back', async () => {
    const pair = createMemoryPair('cable');
    await pair.host.open();
    await pair.device.open();
    const heard: string[] = [];
    pair.host.onDisconnect?.((reason) => heard.push(`host: ${reason}`));
    pair.device.onDisconnect?.((reason) => heard.push(`device: ${reason}`));

    pair.setConnected(false);
    expect(pair.connected).toBe(false);
    expect([pair.host.isOpen, pair.device.isOpen]).toEqual([false, false]);
    expect(heard).toEqual(['host: device unplugged', 'device: device unplugged']);
    expect(await pair.host.open()).toEqual(
      err({ kind: 'open-failed', message: 'device unplugged' }),
    );
    pair.setConnected(false);
    expect(heard).toHaveLength(2);

    pair.setConnected(true);
    await nextTurn();
    // The device powers up with its link; the host's port waits for its driver to open it.
    expect([pair.host.isOpen, pair.device.isOpen]).toEqual([false, true]);
    expect(await pair.host.open()).toEqual(ok(undefined));
  });

  describe('ID-card reader', () => {
    async function setUp(line?: (pair: MemoryPair) => ByteTransport) {
      const pair = createMemoryPair('reader');
      const sim = new IdCardReaderSimulator(line ? line(pair) : pair.device);
      // Never advanced: no reply timeout can end a call in these tests.
      const reader = new IdCardReader(pair.host, { clock: createManualClock() });
      cleanups.push(async () => {
        await reader.close();
        await sim.stop();
      });
      await sim.start();
      return { pair, sim, reader };
    }

    it('idle: offline at once while unplugged, and reads on the first call after replug', async () => {
      const { pair, sim, reader } = await setUp();
      expect(await reader.probe()).toEqual(ok(undefined));
      pair.setConnected(false);
      expect(await reader.probe()).toEqual(
        err({ kind: 'reader-offline', detail: 'open failed: device unplugged' }),
      );
      pair.setConnected(true);
      sim.placeCard(holder);
      expect(await reader.readCard()).toEqual(ok({ holder }));
    });

    it('mid-reply: a read whose reply is cut by the unplug fails at once as disconnected', async () => {
      let pair: MemoryPair | undefined;
      let slow: ReturnType<typeof slowLine> | undefined;
      const { sim, reader } = await setUp((p) => {
        pair = p;
        slow = slowLine(p.device, 400);
        return slow.transport;
      });
      sim.placeCard(holder);
      const reading = reader.readCard();
      await slow!.cut;
      await nextTurn();
      pair!.setConnected(false);
      expect(await reading).toEqual(
        err({ kind: 'reader-offline', detail: 'disconnected: device unplugged' }),
      );

      pair!.setConnected(true);
      // The module restarted with its link, so the card still on it can be read again.
      expect(await reader.readCard()).toEqual(ok({ holder }));
    });
  });

  describe('receipt printer', () => {
    const job = (lines: number) => {
      const builder = new EscPosBuilder().init();
      for (let i = 0; i < lines; i++) builder.line(`Line ${i} of a test slip`);
      return builder.cut().build();
    };

    async function setUp(line?: (pair: MemoryPair) => ByteTransport) {
      const pair = createMemoryPair('printer');
      const sim = new ReceiptPrinterSimulator(pair.device);
      const printer = new ReceiptPrinter(line ? line(pair) : pair.host, {
        statusTimeoutMs: NEVER_MS,
        printTimeoutMs: NEVER_MS,
      });
      cleanups.push(async () => {
        await printer.close();
        await sim.stop();
      });
      await sim.start();
      return { pair, sim, printer };
    }

    it('idle: offline while unplugged, ready and printing on the first call after replug', async () => {
      const { pair, sim, printer } = await setUp();
      expect(await printer.status()).toEqual({ state: 'ready', paperNearEnd: false });
      pair.setConnected(false);
      expect(await printer.status()).toEqual({ state: 'offline' });
      expect(await printer.print(job(1))).toEqual(
        err({ kind: 'offline', detail: 'open failed: device unplugged' }),
      );
      pair.setConnected(true);
      expect(await printer.status()).toEqual({ state: 'ready', paperNearEnd: false });
      expect((await printer.print(job(2))).ok).toBe(true);
      expect(sim.receipts).toHaveLength(1);
    });

    it('mid-reply: a status request left unanswered ends at once when the cable is pulled', async () => {
      const { pair, sim, printer } = await setUp();
      sim.setCondition({ offline: true });
      const asked = new Promise((resolve) => pair.device.onData(resolve));
      const reading = printer.status();
      await asked;
      pair.setConnected(false);
      expect(await reading).toEqual({ state: 'offline' });

      sim.setCondition({ offline: false });
      pair.setConnected(true);
      expect(await printer.status()).toEqual({ state: 'ready', paperNearEnd: false });
    });

    it('mid-job: a job cut by the unplug fails at once, is not printed, and the next one prints', async () => {
      let slow: ReturnType<typeof slowLine> | undefined;
      const { pair, sim, printer } = await setUp((p) => {
        slow = slowLine(p.host, 64);
        return slow.transport;
      });
      const printing = printer.print(job(200));
      await slow!.cut;
      pair.setConnected(false);
      expect(await printing).toEqual(
        err({ kind: 'failed-during-print', status: { state: 'offline' } }),
      );

      pair.setConnected(true);
      expect(sim.receipts).toHaveLength(0);
      expect((await printer.print(job(3))).ok).toBe(true);
      expect(sim.receipts).toHaveLength(1);
      expect(sim.receipts[0]!.lines).toContainEqual(
        expect.objectContaining({ kind: 'text', text: 'Line 2 of a test slip' }),
      );
    });
  });

  describe('code scanner', () => {
    async function setUp() {
      const pair = createMemoryPair('scanner');
      const sim = new BarcodeScannerSimulator(pair.device);
      const scanner = new BarcodeScanner(pair.host);
      const scans: ScanResult[] = [];
      scanner.onScan((scan) => scans.push(scan));
      cleanups.push(async () => {
        await scanner.close();
        await sim.stop();
      });
      await sim.start();
      expect(await scanner.probe()).toBe('ready');
      return { pair, sim, scanner, scans };
    }

    it('idle: offline while unplugged, and ready on the first probe after replug', async () => {
      const { pair, sim, scanner, scans } = await setUp();
      pair.setConnected(false);
      expect(pair.host.isOpen).toBe(false);
      expect(await scanner.probe()).toBe('offline');
      pair.setConnected(true);
      expect(await scanner.probe()).toBe('ready');
      await sim.scan({ symbology: 'qr', text: 'after' });
      await nextTurn();
      expect(scans).toEqual([{ kind: 'scanned', code: { symbology: 'qr', text: 'after' } }]);
    });

    it('mid-line: half a code cut by the unplug is dropped, never glued to the next', async () => {
      const { pair, sim, scanner, scans } = await setUp();
      await sim.sendRaw(Buffer.from(']Q1HALF-A-'));
      await nextTurn();
      pair.setConnected(false);
      pair.setConnected(true);
      expect(await scanner.probe()).toBe('ready');
      await sim.scan({ symbology: 'ean-13', text: '6901234567892' });
      await nextTurn();
      expect(scans).toEqual([
        { kind: 'scanned', code: { symbology: 'ean-13', text: '6901234567892' } },
      ]);
    });
  });
});
