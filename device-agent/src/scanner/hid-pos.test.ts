import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { createHidTransport, HID_FRAMINGS, type HidDevice } from '../transport/index.js';
import { encodeAim, type ScannedText } from './aim.js';
import { HID_POS_DATA_BYTES, HidPosAssembler } from './hid-pos.js';
import { BarcodeScanner, type ScanResult } from './scanner.js';

const REPORT_ID = 2;
const REPORT_BYTES = 64;

/**
 * The input reports a USB HID POS scanner sends for one code, as node-hid hands numbered
 * reports over (report id first): data count, AIM identifier, up to 56 data bytes, and the
 * "continued" bit in the last byte of every report but the code's last.
 */
function hidPosReports(code: ScannedText, options: { aim?: boolean } = {}): Buffer[] {
  const data = Buffer.from(code.text, 'utf8');
  const aim =
    options.aim === false || code.symbology === 'unknown' ? '' : encodeAim(code).slice(0, 3);
  const reports: Buffer[] = [];
  for (let from = 0; from < data.length; from += HID_POS_DATA_BYTES) {
    const part = data.subarray(from, from + HID_POS_DATA_BYTES);
    const report = Buffer.alloc(REPORT_BYTES);
    report[0] = REPORT_ID;
    report[1] = part.length;
    report.write(aim, 2, 'latin1');
    part.copy(report, 5);
    if (from + HID_POS_DATA_BYTES < data.length) report[63] = 0x01;
    reports.push(report);
  }
  return reports;
}

/**
 * Stands in for node-hid's `HIDAsync` at the adapter's boundary: these machines have no USB
 * HID scanner and no uhid. It sends what the test scans as reports and can be pulled.
 */
class FakeHidScanner extends EventEmitter implements HidDevice {
  closed = false;

  async write(): Promise<number> {
    throw new Error('a scanner takes no output reports here');
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  send(reports: Buffer[]): void {
    for (const report of reports) this.emit('data', report);
  }

  unplug(): void {
    this.emit('error', new Error('could not read from HID device'));
  }
}

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

async function scannerOverFake(adapter: 'hid-pos' | 'length-prefixed-64') {
  const fakes: FakeHidScanner[] = [];
  let plugged = true;
  const transport = createHidTransport({
    vendorId: 0x0c2e,
    productId: 0x0b87,
    framing: HID_FRAMINGS[adapter],
    openDevice: async () => {
      if (!plugged) throw new Error('No HID devices with requested VID/PID found in the system.');
      const fake = new FakeHidScanner();
      fakes.push(fake);
      return fake;
    },
  });
  const scanner = new BarcodeScanner(transport, {
    framing: adapter === 'hid-pos' ? 'hid-pos' : 'lines',
  });
  const scans: ScanResult[] = [];
  scanner.onScan((scan) => scans.push(scan));
  stops.push(() => scanner.close());
  expect(await scanner.probe()).toBe('ready');
  return {
    scanner,
    scans,
    fake: () => fakes.at(-1)!,
    setPlugged: (on: boolean) => (plugged = on),
  };
}

describe('USB HID POS scanner through a fake HID device object at the adapter boundary (no HID hardware here)', () => {
  it('delivers a short code with its symbology from the AIM identifier in the report', async () => {
    const { scans, fake } = await scannerOverFake('hid-pos');
    fake().send(hidPosReports({ symbology: 'qr', text: 'YYM-20261126-7731' }));
    expect(scans).toEqual([
      { kind: 'scanned', code: { symbology: 'qr', text: 'YYM-20261126-7731' } },
    ]);
  });

  it('joins a code spread over several reports, a Chinese character cut between them included', async () => {
    const { scans, fake } = await scannerOverFake('hid-pos');
    // 54 ASCII bytes, then 预约 (3 UTF-8 bytes each): the first 预 straddles the report edge.
    const text = `${'A'.repeat(54)}预约${'7'.repeat(60)}`;
    const reports = hidPosReports({ symbology: 'code-128', text });
    expect(reports).toHaveLength(3);
    fake().send(reports);
    expect(scans).toEqual([{ kind: 'scanned', code: { symbology: 'code-128', text } }]);
  });

  it('calls a code without AIM identifier unknown, and takes no byte of a code as a terminator', async () => {
    const { scans, fake } = await scannerOverFake('hid-pos');
    fake().send(hidPosReports({ symbology: 'ean-13', text: '6901234567892' }, { aim: false }));
    // A serial scanner's line would be split here; a HID POS code keeps its length, so the
    // whole code is refused at the boundary instead of half of it getting through.
    fake().send(hidPosReports({ symbology: 'qr', text: 'PART-ONE\rPART-TWO' }));
    expect(scans).toEqual([
      { kind: 'scanned', code: { symbology: 'unknown', text: '6901234567892' } },
      { kind: 'rejected', rejection: { reason: 'control-character', symbology: 'qr' } },
    ]);
  });

  it('ignores reports with another report id and refuses a code over the limit once', async () => {
    const { scans, fake } = await scannerOverFake('hid-pos');
    const other = hidPosReports({ symbology: 'qr', text: 'NOT-OURS' })[0]!;
    other[0] = 4;
    fake().send([other]);
    fake().send(hidPosReports({ symbology: 'qr', text: 'X'.repeat(5000) }));
    fake().send(hidPosReports({ symbology: 'qr', text: 'AFTER' }));
    expect(scans).toEqual([
      { kind: 'rejected', rejection: { reason: 'line-too-long' } },
      { kind: 'scanned', code: { symbology: 'qr', text: 'AFTER' } },
    ]);
  });

  it('is offline while pulled, drops a code cut short, and reads again once replugged', async () => {
    const { scanner, scans, fake, setPlugged } = await scannerOverFake('hid-pos');
    const long = hidPosReports({ symbology: 'qr', text: 'H'.repeat(100) });
    const first = fake();
    first.send([long[0]!]);
    setPlugged(false);
    first.unplug();
    expect(first.closed).toBe(true);
    expect(await scanner.probe()).toBe('offline');

    setPlugged(true);
    expect(await scanner.probe()).toBe('ready');
    fake().send(hidPosReports({ symbology: 'qr', text: 'NEXT' }));
    expect(scans).toEqual([{ kind: 'scanned', code: { symbology: 'qr', text: 'NEXT' } }]);
  });

  it('reads vendor-style reports that carry the serial output (text, CR) in length-prefixed reports', async () => {
    const { scans, fake } = await scannerOverFake('length-prefixed-64');
    const line = Buffer.from(
      `${encodeAim({ symbology: 'data-matrix', text: '电子社保卡-123' })}\r`,
    );
    const report = Buffer.alloc(64);
    report[0] = line.length;
    line.copy(report, 1);
    fake().send([report]);
    expect(scans).toEqual([
      { kind: 'scanned', code: { symbology: 'data-matrix', text: '电子社保卡-123' } },
    ]);
  });
});

describe('HidPosAssembler', () => {
  it('takes a malformed count no further than the data field, and a short report as the last', () => {
    const assembler = new HidPosAssembler();
    const report = Buffer.alloc(20);
    report[0] = 200;
    report.write(']Q1ABC', 1, 'latin1');
    expect(assembler.push(report)).toEqual([
      { kind: 'line', bytes: Buffer.from(']Q1ABC' + '\0'.repeat(13)) },
    ]);
    expect(assembler.push(Buffer.alloc(63))).toEqual([]);
  });
});
