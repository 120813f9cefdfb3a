import { ok, type Result } from '@bianmin/common';
import type { ByteTransport, TransportError } from '../transport/index.js';
import type { ScannedText } from './aim.js';
import { HidPosAssembler } from './hid-pos.js';
import { LineAssembler, MAX_LINE_BYTES } from './line-assembler.js';
import { scannedCode, type CodeRejection } from './scanned-code.js';

/** One line from the scanner: a code that passed the checks, or why it did not. */
export type ScanResult =
  { kind: 'scanned'; code: ScannedText } | { kind: 'rejected'; rejection: CodeRejection };

/** What a probe can tell of a scanner that has no status command. */
export type ScannerProbe = 'ready' | 'offline' | 'error';

/**
 * How codes arrive: as lines on a byte stream (serial scanners, and HID scanners whose
 * reports carry that stream), or as USB HID POS reports.
 */
export type ScannerCodeFraming = 'lines' | 'hid-pos';

/**
 * A port that is not there (unplugged, wrong path) rather than one that refuses us; hidapi
 * says "No HID devices with requested VID/PID found" for a USB device that is not plugged in.
 */
const ABSENT = /no such file|ENOENT|unplugged|not found|no HID devices/i;

/**
 * A POS code scanner (docs/devices.md, "Supported scanners"): it sends each decoded code
 * unasked, as one line on a serial port or in USB HID POS reports. The driver only listens; a scanner has no status command, so it
 * counts as ready while its port is open, and a probe reopens a port that went away.
 */
export class BarcodeScanner {
  readonly #transport: ByteTransport;
  readonly #assembler: LineAssembler | HidPosAssembler;
  readonly #listeners = new Set<(scan: ScanResult) => void>();
  #opening: Promise<Result<void, TransportError>> | null = null;

  constructor(
    transport: ByteTransport,
    options: { maxLineBytes?: number; framing?: ScannerCodeFraming } = {},
  ) {
    this.#transport = transport;
    const maxBytes = options.maxLineBytes ?? MAX_LINE_BYTES;
    this.#assembler =
      options.framing === 'hid-pos' ? new HidPosAssembler(maxBytes) : new LineAssembler(maxBytes);
    transport.onData((chunk) => this.#receive(chunk));
  }

  get description(): string {
    return this.#transport.description;
  }

  /** Returns a function that removes the listener. */
  onScan(listener: (scan: ScanResult) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Opens the port unless it is open; a half line from before is forgotten. Callers share one
   * open in flight: the health poll and a technician's probe opening the port together would
   * have the second fail the port's lock and report a working scanner as `error`.
   */
  async open(): Promise<Result<void, TransportError>> {
    if (this.#transport.isOpen) return ok(undefined);
    if (!this.#opening) {
      this.#assembler.reset();
      this.#opening = this.#transport.open().finally(() => (this.#opening = null));
    }
    return this.#opening;
  }

  async probe(): Promise<ScannerProbe> {
    const opened = await this.open();
    if (opened.ok) return 'ready';
    return opened.error.kind === 'open-failed' && !ABSENT.test(opened.error.message)
      ? 'error'
      : 'offline';
  }

  async close(): Promise<void> {
    await this.#transport.close();
  }

  #receive(chunk: Buffer): void {
    for (const line of this.#assembler.push(chunk)) {
      const scan: ScanResult =
        line.kind === 'too-long'
          ? { kind: 'rejected', rejection: { reason: 'line-too-long' } }
          : this.#check(line.bytes);
      for (const listener of this.#listeners) listener(scan);
    }
  }

  #check(bytes: Buffer): ScanResult {
    const code = scannedCode(bytes);
    return code.ok
      ? { kind: 'scanned', code: code.value }
      : { kind: 'rejected', rejection: code.error };
  }
}
