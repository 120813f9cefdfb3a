import { ok, err, type Result } from '@bianmin/common';
import { scanFrame, type FrameDirection, type FrameError } from './frame.js';

/** One frame off the wire: all its bytes, and the body between LEN and XOR. */
export interface AssembledFrame {
  bytes: Buffer;
  body: Buffer;
}

/**
 * Reassembles GA/T 467 frames from a byte stream cut anywhere: the one reassembler the driver,
 * the simulator and the tests share. Noise before a preamble is dropped; a frame with an
 * impossible LEN or a wrong checksum comes out as an error value and reading goes on after
 * it, so one mangled frame does not hide the next.
 */
export class FrameAssembler {
  readonly #direction: FrameDirection;
  #buffer: Buffer = Buffer.alloc(0);

  constructor(direction: FrameDirection) {
    this.#direction = direction;
  }

  /** Adds a chunk; returns the frames (and frame errors) it completed, in stream order. */
  push(chunk: Uint8Array): Result<AssembledFrame, FrameError>[] {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    const frames: Result<AssembledFrame, FrameError>[] = [];
    for (;;) {
      const scan = scanFrame(this.#buffer, this.#direction);
      if (scan.kind === 'none') {
        this.#buffer = this.#buffer.subarray(scan.keepFrom);
        return frames;
      }
      if (scan.kind === 'partial') {
        this.#buffer = this.#buffer.subarray(scan.start);
        return frames;
      }
      frames.push(
        scan.kind === 'frame'
          ? ok({ bytes: this.#buffer.subarray(scan.start, scan.end), body: scan.body })
          : err(scan.error),
      );
      this.#buffer = this.#buffer.subarray(scan.end);
    }
  }

  /** Bytes held back waiting for the rest of a frame. */
  get pending(): number {
    return this.#buffer.length;
  }

  /** Forgets a half-received frame, e.g. when the port is reopened. */
  reset(): void {
    this.#buffer = Buffer.alloc(0);
  }
}
