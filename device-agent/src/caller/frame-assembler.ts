import { err, ok, type Result } from '@bianmin/common';
import {
  decodeCallerFrame,
  scanCallerFrame,
  type CallerFrame,
  type CallerFrameError,
} from './frame.js';

/** A frame off the bus, with its bytes (the host echoes them as they came). */
export interface AssembledCallerFrame {
  frame: CallerFrame;
  bytes: Buffer;
}

/**
 * Cuts the RS-485 byte stream into caller frames, whatever chunks it arrives in: the one
 * assembler the bus master, the simulator and the tests share. Noise between frames is
 * dropped; a frame that fails its checksum, end byte or length comes out as an error value
 * and reading goes on after its head, so one damaged frame never hides the next. A head whose
 * LEN is impossible is no frame at all and is skipped like noise, so nothing a broken line
 * sends can make the buffer grow past one frame.
 */
export class CallerFrameAssembler {
  #buffer: Buffer = Buffer.alloc(0);

  push(chunk: Uint8Array): Result<AssembledCallerFrame, CallerFrameError>[] {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    const out: Result<AssembledCallerFrame, CallerFrameError>[] = [];
    for (;;) {
      const scan = scanCallerFrame(this.#buffer);
      if (scan.kind === 'none') {
        this.#buffer = Buffer.alloc(0);
        return out;
      }
      if (scan.kind === 'partial') {
        this.#buffer = this.#buffer.subarray(scan.start);
        return out;
      }
      const bytes = Buffer.from(this.#buffer.subarray(scan.start, scan.end));
      const decoded = decodeCallerFrame(bytes);
      if (decoded.ok) {
        out.push(ok({ frame: decoded.value, bytes }));
        this.#buffer = this.#buffer.subarray(scan.end);
      } else {
        out.push(err(decoded.error));
        // Past the damaged head only: a good frame may begin inside what it claimed.
        this.#buffer = this.#buffer.subarray(scan.start + 1);
      }
    }
  }

  get pending(): number {
    return this.#buffer.length;
  }

  reset(): void {
    this.#buffer = Buffer.alloc(0);
  }
}
