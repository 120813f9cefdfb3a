import type { HidAdapterName, ScannerHidAdapterName } from '@bianmin/config';

/**
 * How a USB HID reader packs its byte stream (GA/T 467 frames) into fixed-size reports. One
 * generic adapter with three parameters; the named parameter sets below are unverified
 * against real readers (see docs/devices.md, "USB HID readers").
 */
export interface HidReportFraming {
  /** Bytes per report, without the report id. */
  reportSize: number;
  /** 0 for devices without numbered reports; node-hid then still wants a leading 0 on writes. */
  reportId: number;
  /**
   * 'first-byte': each report starts with the count of payload bytes that follow.
   * 'zero-padded': the report is payload then zeros; the frames' own length fields say where
   * a frame ends, and the frame assembler drops the padding as noise between frames.
   * 'whole-report': each report is handed on whole, as one chunk, to a reader of the report
   * layout itself (the HID POS scanner reports of `scanner/hid-pos.ts`).
   */
  length: 'first-byte' | 'zero-padded' | 'whole-report';
}

export const HID_FRAMINGS: Record<HidAdapterName | ScannerHidAdapterName, HidReportFraming> = {
  'length-prefixed-64': { reportSize: 64, reportId: 0, length: 'first-byte' },
  // USB HID POS scanners: input report 2, 63 bytes after its id (docs/devices.md).
  'hid-pos': { reportSize: 63, reportId: 2, length: 'whole-report' },
};

function payloadPerReport(framing: HidReportFraming): number {
  return framing.length === 'first-byte' ? framing.reportSize - 1 : framing.reportSize;
}

/** The byte stream as node-hid writes: each starts with the report id, then one report. */
export function encodeReports(framing: HidReportFraming, bytes: Uint8Array): Buffer[] {
  const per = payloadPerReport(framing);
  const reports: Buffer[] = [];
  for (let from = 0; from < bytes.length; from += per) {
    const payload = bytes.subarray(from, from + per);
    const out = Buffer.alloc(1 + framing.reportSize);
    out[0] = framing.reportId;
    if (framing.length === 'first-byte') {
      out[1] = payload.length;
      out.set(payload, 2);
    } else out.set(payload, 1);
    reports.push(out);
  }
  return reports;
}

/**
 * The payload of one received report. node-hid hands numbered reports over with their id
 * first and unnumbered ones without; a report with another id is not ours and yields nothing.
 */
export function decodeReport(framing: HidReportFraming, data: Buffer): Buffer {
  let report = data;
  if (framing.reportId !== 0) {
    if (data[0] !== framing.reportId) return Buffer.alloc(0);
    report = data.subarray(1);
  }
  if (framing.length !== 'first-byte') return report.subarray(0, framing.reportSize);
  const count = Math.min(report[0] ?? 0, report.length - 1, payloadPerReport(framing));
  return report.subarray(1, 1 + count);
}
