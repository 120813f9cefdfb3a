import { ok, type Result } from '@bianmin/common';
import type { ByteTransport, TransportError } from '../transport/index.js';
import { encodeAim, type ScannedText } from './aim.js';

export interface SimulatedScanOptions {
  /** Send the AIM identifier before the text; default true (docs/devices.md). */
  aimPrefix?: boolean;
  /** CR (the common factory setting) or CR LF. */
  terminator?: '\r' | '\r\n';
}

/**
 * A serial code scanner at the far end of a byte link: each scan is written as the bytes a
 * real one sends, UTF-8 text with its AIM prefix and terminator.
 */
export class BarcodeScannerSimulator {
  readonly #transport: ByteTransport;

  constructor(transport: ByteTransport) {
    this.#transport = transport;
  }

  /** Opens its end; if that fails, scans fail as a real scanner's would on a dead link. */
  async start(): Promise<void> {
    if (!this.#transport.isOpen) await this.#transport.open();
  }

  async stop(): Promise<void> {
    await this.#transport.close();
  }

  /** Writes one scan; the byte count it wrote. */
  scan(
    code: ScannedText,
    options: SimulatedScanOptions = {},
  ): Promise<Result<number, TransportError>> {
    const line = options.aimPrefix === false ? code.text : encodeAim(code);
    return this.sendRaw(Buffer.from(`${line}${options.terminator ?? '\r'}`, 'utf8'));
  }

  /** Bytes exactly as given: line noise, or a scanner set up in some other way. */
  async sendRaw(bytes: Uint8Array): Promise<Result<number, TransportError>> {
    if (bytes.length === 0) return ok(0);
    const written = await this.#transport.write(bytes);
    return written.ok ? ok(bytes.length) : written;
  }
}
