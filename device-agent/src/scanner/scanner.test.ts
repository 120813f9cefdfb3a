import { captureLogger, eventsNamed } from '@bianmin/common/testing';
import { describe, expect, it } from 'vitest';
import { createMemoryPair, type ByteTransport } from '../transport/index.js';
import { BarcodeScanner, type ScanResult } from './scanner.js';
import { BarcodeScannerSimulator } from './simulator.js';
import { createScanWatcher, type ScanEvent } from './scan-watcher.js';

async function linked() {
  const pair = createMemoryPair('scanner');
  const simulator = new BarcodeScannerSimulator(pair.device);
  await simulator.start();
  const scanner = new BarcodeScanner(pair.host);
  await scanner.open();
  const scans: ScanResult[] = [];
  scanner.onScan((scan) => scans.push(scan));
  /** Resolves once `count` scans have arrived (memory links deliver on a later turn). */
  const received = async (count: number) => {
    while (scans.length < count) await new Promise((r) => setImmediate(r));
    return scans;
  };
  return { pair, simulator, scanner, scans, received };
}

describe('code scanner driver and simulator over an in-memory link', () => {
  it('delivers each scan with its symbology, CR or CR LF, prefix or none', async () => {
    const { simulator, scanner, received } = await linked();
    expect(await scanner.probe()).toBe('ready');
    expect(await simulator.scan({ symbology: 'qr', text: '预约码:A1-0042' })).toEqual({
      ok: true,
      value: Buffer.byteLength(']Q1预约码:A1-0042\r'),
    });
    await simulator.scan({ symbology: 'ean-13', text: '6901234567892' }, { terminator: '\r\n' });
    await simulator.scan({ symbology: 'code-128', text: 'XY7' }, { aimPrefix: false });
    expect(await received(3)).toEqual([
      { kind: 'scanned', code: { symbology: 'qr', text: '预约码:A1-0042' } },
      { kind: 'scanned', code: { symbology: 'ean-13', text: '6901234567892' } },
      { kind: 'scanned', code: { symbology: 'unknown', text: 'XY7' } },
    ]);
  });

  it('rejects noise and an over-long line with a reason, and reads the next code', async () => {
    const { simulator, received } = await linked();
    await simulator.sendRaw(Buffer.from([0x00, 0x07, 0x0d]));
    await simulator.sendRaw(Buffer.alloc(5000, 0x41));
    await simulator.sendRaw(Buffer.from('\r'));
    await simulator.scan({ symbology: 'qr', text: 'ok' });
    expect(await received(3)).toEqual([
      { kind: 'rejected', rejection: { reason: 'control-character', symbology: 'unknown' } },
      { kind: 'rejected', rejection: { reason: 'line-too-long' } },
      { kind: 'scanned', code: { symbology: 'qr', text: 'ok' } },
    ]);
  });

  it('probes offline while unplugged and ready again once plugged back in', async () => {
    const pair = createMemoryPair('scanner');
    pair.setConnected(false);
    const scanner = new BarcodeScanner(pair.host);
    expect(await scanner.probe()).toBe('offline');
    pair.setConnected(true);
    expect(await scanner.probe()).toBe('ready');
    await scanner.close();
    expect(pair.host.isOpen).toBe(false);
  });

  it('calls a port that exists but refuses to open an error, not offline', async () => {
    const refusing: ByteTransport = {
      description: 'refusing',
      isOpen: false,
      open: async () => ({
        ok: false,
        error: {
          kind: 'open-failed',
          message: 'Error: Permission denied, cannot open /dev/ttyACM0',
        },
      }),
      write: async () => ({ ok: false, error: { kind: 'not-open' } }),
      onData: () => () => undefined,
      close: async () => undefined,
    };
    const scanner = new BarcodeScanner(refusing);
    expect(scanner.description).toBe('refusing');
    expect(await scanner.probe()).toBe('error');
  });

  it('reports a scan that could not be sent over an unplugged link', async () => {
    const { pair, simulator } = await linked();
    expect(await simulator.sendRaw(new Uint8Array())).toEqual({ ok: true, value: 0 });
    pair.setConnected(false);
    expect(await simulator.scan({ symbology: 'qr', text: 'A' })).toEqual({
      ok: false,
      error: { kind: 'write-failed', message: 'device unplugged' },
    });
  });

  it('forgets a half line from before the port was reopened', async () => {
    const { pair, simulator, scanner, received } = await linked();
    await scanner.open();
    await simulator.sendRaw(Buffer.from(']Q1half'));
    await new Promise((r) => setImmediate(r));
    await pair.host.close();
    expect(await scanner.probe()).toBe('ready');
    await simulator.scan({ symbology: 'qr', text: 'whole' });
    expect(await received(1)).toEqual([
      { kind: 'scanned', code: { symbology: 'qr', text: 'whole' } },
    ]);
  });
});

describe('scan watcher', () => {
  async function watched() {
    const link = await linked();
    const log = captureLogger('scanner');
    const events: ScanEvent[] = [];
    const watcher = createScanWatcher({
      scanner: link.scanner,
      logger: log.logger,
      onEvent: (e) => events.push(e),
    });
    return { ...link, log, events, watcher };
  }

  it('passes codes on only while a session wants one and a kiosk listens', async () => {
    const { simulator, received, events, watcher, log } = await watched();
    await simulator.scan({ symbology: 'qr', text: 'BEFORE-1' });
    await received(1);
    watcher.want(true);
    await simulator.scan({ symbology: 'qr', text: 'NOBODY-2' });
    await received(2);
    watcher.setListening(true);
    watcher.want(true);
    await simulator.scan({ symbology: 'qr', text: 'WANTED-3' });
    await simulator.sendRaw(Buffer.from(']Q1\u0000\r'));
    await received(4);
    watcher.setListening(false);
    await simulator.scan({ symbology: 'qr', text: 'LEFT-4' });
    await received(5);
    expect(events).toEqual([
      { type: 'code-scanned', symbology: 'qr', text: 'WANTED-3' },
      { type: 'code-rejected', reason: 'control-character' },
    ]);
    expect(
      eventsNamed(log.lines, 'device.scanner.code-scanned').map((l) => [l.length, l.delivered]),
    ).toEqual([
      [8, false],
      [8, false],
      [8, true],
      [6, false],
    ]);
    expect(eventsNamed(log.lines, 'device.scanner.watch-changed')).toHaveLength(2);
    expect(log.text()).not.toMatch(/BEFORE|NOBODY|WANTED|LEFT/);
  });

  it('stops passing codes on once stopped', async () => {
    const { simulator, received, events, watcher } = await watched();
    watcher.setListening(true);
    watcher.want(true);
    watcher.stop();
    await simulator.scan({ symbology: 'qr', text: 'late' });
    await received(1);
    expect(events).toEqual([]);
  });
});
