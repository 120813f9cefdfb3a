import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSerialTransport } from '../transport/index.js';
import { BarcodeScanner, type ScanResult } from './scanner.js';
import { BarcodeScannerSimulator } from './simulator.js';

/** The scanner over a real serial driver: socat links two pseudo-terminals. */
const SOCAT = '/usr/bin/socat';
const base = join(tmpdir(), `bianmin-scanner-${process.pid}-${Date.now().toString(36)}`);
const linkA = `${base}-a`;
const linkB = `${base}-b`;

let socat: ChildProcess | undefined;

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

describe.skipIf(!existsSync(SOCAT))(
  'code scanner over a socat pty pair (skipped where /usr/bin/socat is missing: npm test installs it)',
  () => {
    beforeAll(async () => {
      socat = spawn(
        SOCAT,
        ['-d', '-d', `pty,raw,echo=0,link=${linkA}`, `pty,raw,echo=0,link=${linkB}`],
        { stdio: 'ignore' },
      );
      const ready = await waitFor(() => existsSync(linkA) && existsSync(linkB), 5000);
      if (!ready) throw new Error('socat did not create the pty links');
    });

    afterAll(async () => {
      const child = socat;
      if (!child || child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill();
      await exited;
    });

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
        createSerialTransport({ path: `${base}-missing`, baudRate: 9600 }),
      );
      expect(await missing.probe()).toBe('offline');
    });
  },
);
