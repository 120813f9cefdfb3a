import { describe, expect, it } from 'vitest';
import { decodeReport, encodeReports, HID_FRAMINGS, type HidReportFraming } from './hid-reports.js';

const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + 1) & 0xff);
/** What node-hid hands over on receipt: the written report, without a 0 report id. */
const received = (framing: HidReportFraming, written: Buffer) =>
  framing.reportId === 0 ? written.subarray(1) : written;

describe('HID report framing', () => {
  it('carries 130 bytes in three 64-byte reports, each led by its payload length', () => {
    const framing = HID_FRAMINGS['length-prefixed-64'];
    const reports = encodeReports(framing, bytes(130));
    expect(reports.map((r) => r.length)).toEqual([65, 65, 65]);
    expect(reports.map((r) => [r[0], r[1]])).toEqual([
      [0, 63],
      [0, 63],
      [0, 4],
    ]);
    const back = Buffer.concat(reports.map((r) => decodeReport(framing, received(framing, r))));
    expect(back).toEqual(Buffer.from(bytes(130)));
  });

  it('keeps a numbered report id and ignores reports with another id', () => {
    const framing: HidReportFraming = { reportSize: 32, reportId: 2, length: 'first-byte' };
    const [report] = encodeReports(framing, bytes(5));
    expect(report?.subarray(0, 3)).toEqual(Buffer.from([2, 5, 1]));
    expect(decodeReport(framing, report!)).toEqual(Buffer.from(bytes(5)));
    expect(decodeReport(framing, Buffer.from([3, 5, 1, 2, 3, 4, 5]))).toHaveLength(0);
  });

  it('never reads past the report when the length byte overstates it', () => {
    const framing = HID_FRAMINGS['length-prefixed-64'];
    expect(decodeReport(framing, Buffer.from([200, 9, 8]))).toEqual(Buffer.from([9, 8]));
  });

  it('passes zero-padded reports on whole, padding included', () => {
    const framing: HidReportFraming = { reportSize: 8, reportId: 0, length: 'zero-padded' };
    const reports = encodeReports(framing, bytes(10));
    expect(reports.map((r) => decodeReport(framing, received(framing, r)))).toEqual([
      Buffer.from(bytes(8)),
      Buffer.from([...bytes(10).subarray(8), 0, 0, 0, 0, 0, 0]),
    ]);
  });
});
