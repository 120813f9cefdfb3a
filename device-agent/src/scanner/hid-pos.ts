import { CodeBuffer, MAX_LINE_BYTES, type AssembledLine } from './line-assembler.js';

/**
 * The scanned-data input report of USB HID POS scanners (usage page 0x8C, Bar Code Scanner),
 * in the layout scanners in HID POS mode send it, offsets after the report id (2):
 * the count of data bytes in this report, the three AIM identifier characters (`]`, code
 * character, modifier; zeros when the scanner sends none), up to 56 data bytes, two vendor
 * bytes, and a last byte whose bit 0 says the code continues in the next report.
 */
const LENGTH_AT = 0;
const AIM_AT = 1;
const AIM_LENGTH = 3;
const DATA_AT = AIM_AT + AIM_LENGTH;
export const HID_POS_DATA_BYTES = 56;
const FLAGS_AT = 62;
const CONTINUED = 0x01;
const AIM_START = 0x5d; // ']'

/**
 * Turns HID POS reports (one chunk per report, as the HID transport's 'whole-report' framing
 * hands them on) into the lines a serial scanner would have sent: the AIM identifier, then
 * the data. A code spread over several reports is joined; its AIM identifier is the first
 * report's. The explicit lengths mean no terminator is needed, so no byte of the code is
 * taken for one. Same limits as the line assembler: a code over `maxBytes` is reported once.
 */
export class HidPosAssembler {
  readonly #code: CodeBuffer;

  constructor(maxBytes = MAX_LINE_BYTES) {
    this.#code = new CodeBuffer(maxBytes);
  }

  push(report: Uint8Array): AssembledLine[] {
    const count = Math.min(report[LENGTH_AT] ?? 0, HID_POS_DATA_BYTES);
    if (this.#code.empty) {
      const aim = report.subarray(AIM_AT, DATA_AT);
      if (aim[0] === AIM_START && aim.length === AIM_LENGTH) this.#code.take(aim);
    }
    this.#code.take(report.subarray(DATA_AT, DATA_AT + count));
    if (((report[FLAGS_AT] ?? 0) & CONTINUED) !== 0) return [];
    return this.#code.finish();
  }

  /** Forgets a code cut short, e.g. when the device is reopened. */
  reset(): void {
    this.#code.reset();
  }
}
