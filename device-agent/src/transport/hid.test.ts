import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { ok, err } from '@bianmin/common';
import { IdCardReader, IdCardReaderSimulator, SAMPLE_IDENTITIES } from '../id-card/index.js';
import type { ByteTransport } from './byte-transport.js';
import { createHidTransport, type HidDevice } from './hid.js';
import { decodeReport, encodeReports, HID_FRAMINGS, type HidReportFraming } from './hid-reports.js';

/**
 * Stands in for node-hid's `HIDAsync` at the transport's boundary: these machines have no USB
 * HID device and no uhid. Reports written by the host are unpacked by the same adapter on the
 * device side and fed to the real simulator; its replies are packed into reports and handed
 * back as node-hid would (an unnumbered report without its id byte).
 */
class FakeHidReader extends EventEmitter implements HidDevice {
  readonly device: ByteTransport;
  readonly simulator: IdCardReaderSimulator;
  plugged = true;
  closed = false;
  readonly #framing: HidReportFraming;
  readonly #toDevice: (payload: Buffer) => void;

  constructor(framing: HidReportFraming) {
    super();
    this.#framing = framing;
    const end = deviceEnd(framing, {
      plugged: () => this.plugged,
      toHost: (report) => this.emit('data', report),
    });
    this.device = end.transport;
    this.#toDevice = end.deliver;
    this.simulator = new IdCardReaderSimulator(this.device);
  }

  async write(report: Buffer): Promise<number> {
    if (!this.plugged) throw new Error('could not write to HID device');
    expect(report).toHaveLength(1 + this.#framing.reportSize);
    const payload = decodeReport(
      this.#framing,
      this.#framing.reportId === 0 ? report.subarray(1) : report,
    );
    setImmediate(() => this.#toDevice(payload));
    return report.length;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** node-hid's read loop fails when the device goes away. */
  unplug(): void {
    this.plugged = false;
    this.emit('error', new Error('could not read from HID device'));
  }
}

/** The simulator's end of the fake device: a byte stream packed into and out of reports. */
function deviceEnd(
  framing: HidReportFraming,
  host: { plugged: () => boolean; toHost: (report: Buffer) => void },
) {
  const listeners = new Set<(chunk: Buffer) => void>();
  let open = false;
  const transport: ByteTransport = {
    description: 'fake-hid:device',
    get isOpen() {
      return open;
    },
    async open() {
      open = true;
      return ok(undefined);
    },
    async write(data) {
      if (!host.plugged()) return err({ kind: 'write-failed' as const, message: 'unplugged' });
      for (const report of encodeReports(framing, data)) {
        const received = framing.reportId === 0 ? report.subarray(1) : report;
        setImmediate(() => host.toHost(received));
      }
      return ok(undefined);
    },
    onData(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      open = false;
    },
  };
  const deliver = (payload: Buffer) => {
    for (const listener of listeners) listener(payload);
  };
  return { transport, deliver };
}

const holder = SAMPLE_IDENTITIES[2]!.holder;
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

async function readerOverFake(framing: HidReportFraming) {
  const fakes: FakeHidReader[] = [];
  const transport = createHidTransport({
    vendorId: 0x0483,
    productId: 0x5750,
    framing,
    openDevice: async () => {
      const fake = new FakeHidReader(framing);
      await fake.simulator.start();
      fakes.push(fake);
      return fake;
    },
  });
  const reader = new IdCardReader(transport);
  stops.push(() => reader.close());
  return { reader, transport, fakes };
}

describe('HID transport through a fake HID device object (no USB HID hardware or uhid on these machines)', () => {
  it('probes and reads a card end to end with the real driver and simulator over 64-byte length-prefixed reports', async () => {
    const { reader, transport, fakes } = await readerOverFake(HID_FRAMINGS['length-prefixed-64']);
    expect(await reader.probe()).toEqual({ ok: true, value: undefined });
    fakes[0]!.simulator.placeCard(holder);
    expect(await reader.readCard()).toEqual({ ok: true, value: { holder } });
    expect(await reader.moduleId()).toEqual({
      ok: true,
      value: '05.01-20101111-0012345678-1234567890',
    });
    expect(transport.description).toBe('hid:0483:5750');
    // The line speed of a USB device cannot be switched.
    expect(await reader.setBaudRate(9600)).toEqual({
      ok: false,
      error: { kind: 'unsupported-baud-rate', baudRate: 9600 },
    });
  });

  it('reads a card over numbered, zero-padded reports', async () => {
    const { reader, fakes } = await readerOverFake({
      reportSize: 32,
      reportId: 1,
      length: 'zero-padded',
    });
    expect(await reader.probe()).toEqual({ ok: true, value: undefined });
    fakes[0]!.simulator.placeCard(holder);
    expect(await reader.readCard()).toEqual({ ok: true, value: { holder } });
  });

  it('reports a pulled device as offline and opens the replugged one on the next call', async () => {
    const { reader, transport, fakes } = await readerOverFake(HID_FRAMINGS['length-prefixed-64']);
    expect(await reader.probe()).toEqual({ ok: true, value: undefined });
    fakes[0]!.unplug();
    expect(transport.isOpen).toBe(false);
    expect(fakes[0]!.closed).toBe(true);
    expect(await reader.probe()).toEqual({ ok: true, value: undefined });
    expect(fakes).toHaveLength(2);

    // Pulled between calls without a read error: the write fails instead.
    fakes[1]!.plugged = false;
    expect(await reader.probe()).toMatchObject({
      ok: false,
      error: { kind: 'reader-offline', detail: 'write failed: could not write to HID device' },
    });
    expect(transport.isOpen).toBe(false);
  });
});

describe('HID transport with the real node-hid', () => {
  it('reports a device that is not there as offline, not as a crash', async () => {
    const reader = new IdCardReader(
      createHidTransport({
        vendorId: 0xfffe,
        productId: 0xfffd,
        framing: HID_FRAMINGS['length-prefixed-64'],
      }),
    );
    expect(await reader.probe()).toMatchObject({
      ok: false,
      error: { kind: 'reader-offline', detail: expect.stringMatching(/^open failed: /) },
    });
  });
});
