import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countingOpens, HAVE_SOCAT, socatPair } from '../transport/socat-pair.fixture.js';
import { createSerialTransport } from '../transport/index.js';
import { BarcodeScanner, type ScanResult } from './scanner.js';
import { BarcodeScannerSimulator } from './simulator.js';

/** The scanner over a real serial driver: socat links two pseudo-terminals. */
const link = socatPair(join(tmpdir(), `bianmin-scanner-${process.pid}`));
const { a: linkA, b: linkB } = link;

describe.skipIf(!HAVE_SOCAT)(
  'code scanner over a socat pty pair (skipped where /usr/bin/socat is missing: npm test installs it)',
  () => {
    beforeAll(() => link.plug());
    afterAll(() => link.unplug());

    it('delivers codes sent as real bytes at 9600 baud, and is offline on a missing port', async () => {
      const sim = new BarcodeScannerSimulator(
        createSerialTransport({ path: linkB, baudRate: 9600 }),
      );
      const scanner = new BarcodeScanner(createSerialTransport({ path: linkA, baudRate: 9600 }));
      const scans: ScanResult[] = [];
      const arrived = new Promise<void>((resolve) =>
        scanner.onScan((scan) => {
          if (scans.push(scan) === 3) resolve();
        }),
      );
      await sim.start();
      try {
        expect(await scanner.probe()).toBe('ready');
        await sim.scan(
          { symbology: 'qr', text: `电子社保卡:${'9'.repeat(1500)}` },
          { terminator: '\r\n' },
        );
        await sim.scan({ symbology: 'ean-13', text: '6901234567892' });
        await sim.sendRaw(Buffer.from('\u0001\u0002\r'));
        await arrived;
        expect(scans).toEqual([
          { kind: 'scanned', code: { symbology: 'qr', text: `电子社保卡:${'9'.repeat(1500)}` } },
          { kind: 'scanned', code: { symbology: 'ean-13', text: '6901234567892' } },
          { kind: 'rejected', rejection: { reason: 'control-character', symbology: 'unknown' } },
        ]);
      } finally {
        await scanner.close();
        await sim.stop();
      }
      const missing = new BarcodeScanner(
        createSerialTransport({ path: `${linkA}-missing`, baudRate: 9600 }),
      );
      expect(await missing.probe()).toBe('offline');
    });

    it('shares one open between concurrent probes, so neither fails the port lock', async () => {
      const host = countingOpens(createSerialTransport({ path: linkA, baudRate: 9600 }));
      const scanner = new BarcodeScanner(host);
      try {
        // As after the adapter comes back: the health poll and a technician's probe together.
        expect(await Promise.all([scanner.probe(), scanner.probe(), scanner.open()])).toEqual([
          'ready',
          'ready',
          { ok: true, value: undefined },
        ]);
        expect(host.opens()).toBe(1);
        expect(await scanner.probe()).toBe('ready');
        expect(host.opens()).toBe(1);
      } finally {
        await scanner.close();
      }
    });
  },
);
