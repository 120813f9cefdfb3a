import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DevicesConfig } from '@bianmin/config';
import { captureLogger } from '@bianmin/common/testing';
import { SAMPLE_IDENTITIES } from '../id-card/index.js';
import { EscPosBuilder } from '../printer/index.js';
import { createDevices, type TerminalDevices } from './devices.js';

const simulated = (idCardReader: DevicesConfig['idCardReader']): DevicesConfig => ({
  profile: 'development',
  allowSimulatorsInProduction: false,
  idCardReader,
  printer: {
    transport: 'simulator',
    paperWidthMm: 80,
    fourByteGlyphs: false,
    bufferedStatus: true,
  },
});

/** The memory link hands bytes over on the next turn of the (real) event loop. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** Reads a card, advancing the faked clock in small steps; returns the time the read took. */
async function timedRead(devices: TerminalDevices) {
  devices.simulators.reader!.placeCard(SAMPLE_IDENTITIES[0]!.holder);
  const started = Date.now();
  let settled = false;
  const read = devices.reader.readCard().finally(() => (settled = true));
  for (let steps = 0; !settled && steps < 1000; steps++) {
    await nextTurn();
    if (!settled) await vi.advanceTimersByTimeAsync(5);
  }
  return { read: await read, tookMs: Date.now() - started };
}

const opened: TerminalDevices[] = [];
afterEach(async () => {
  for (const devices of opened.splice(0)) await devices.close();
  vi.useRealTimers();
});

describe('createDevices on simulators', () => {
  it('paces a simulator given a baud rate like a serial line, and times replies for it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const devices = await createDevices(
      simulated({ transport: 'simulator', baudRate: 9600 }),
      captureLogger().logger,
    );
    opened.push(devices);
    const { read, tookMs } = await timedRead(devices);
    expect(read.ok).toBe(true);
    // status, find, select and read: 1380 bytes both ways, 10 bits each, at 9600 baud.
    expect(tookMs).toBeGreaterThanOrEqual(1430);
    expect(devices.reader.baudRate).toBe(9600);
  });

  it('leaves a simulator without a baud rate unpaced, at the protocol default', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const devices = await createDevices(
      simulated({ transport: 'simulator' }),
      captureLogger().logger,
    );
    opened.push(devices);
    const { read, tookMs } = await timedRead(devices);
    expect(read.ok).toBe(true);
    // Only the loop's own steps: the same read at 115200 baud would spend 120 ms on the wire.
    expect(tookMs).toBeLessThan(60);
    expect(devices.reader.baudRate).toBe(115200);
  });
});

describe('createDevices and a printer without GS r', () => {
  const withPrinter = (bufferedStatus: boolean): DevicesConfig => ({
    ...simulated({ transport: 'simulator' }),
    printer: { transport: 'simulator', paperWidthMm: 80, fourByteGlyphs: false, bufferedStatus },
  });
  const job = new EscPosBuilder().init().chineseMode(true).line('打印测试').cut().build();

  it('leaves the job to the after-check when devices.json says bufferedStatus: false', async () => {
    const devices = await createDevices(withPrinter(false), captureLogger().logger);
    opened.push(devices);
    expect((await devices.printer.print(job)).ok).toBe(true);
    expect(devices.simulators.printer!.receipts).toHaveLength(1);
  });
});
