import { ok, err, systemClock, type Clock, type Result } from '@bianmin/common';
import type { ByteTransport, TransportError } from './byte-transport.js';

/** 8N1: start bit, eight data bits, stop bit. */
const BITS_PER_BYTE = 10;
/**
 * Bytes are handed on in slices of this much wire time, as a USB-serial adapter hands them
 * to the host once per latency-timer tick (16 ms on common chips).
 */
const SLICE_MS = 16;

export interface PacingOptions {
  baudRate: number;
  clock?: Clock;
}

export interface PacedTransport extends ByteTransport {
  /** The pace now; set-baud on the simulated module changes it. */
  baudRate: number;
  setBaudRate(baudRate: number): Promise<Result<void, TransportError>>;
}

/**
 * Wraps a transport so that what is written arrives no faster than a serial line at
 * `baudRate` would carry it: for simulators on links with no speed of their own (an
 * in-memory pair, a pty pair), so drivers meet real reply durations. A write resolves once
 * its last byte is handed on, like a drained port.
 */
export function createPacedTransport(inner: ByteTransport, options: PacingOptions): PacedTransport {
  const clock = options.clock ?? systemClock;
  /** When the line is free again (clock time). */
  let lineFreeAt = 0;
  let tail: Promise<Result<void, TransportError>> = Promise.resolve(ok(undefined));
  /**
   * Counts closes and disconnects: bytes still queued when the port closes are dropped, as a
   * closing port drops its output, so they never spill into the next open.
   */
  let epoch = 0;
  inner.onDisconnect?.(() => (epoch += 1));

  const transport = {
    baudRate: options.baudRate,
    get description() {
      return `paced(${transport.baudRate}):${inner.description}`;
    },
    get isOpen() {
      return inner.isOpen;
    },
    open: () => inner.open(),
    close: () => {
      epoch += 1;
      return inner.close();
    },
    onData: (listener: (chunk: Buffer) => void) => inner.onData(listener),
    onDisconnect: (listener: (reason: string) => void) =>
      inner.onDisconnect?.(listener) ?? (() => undefined),
    // Only the pace changes: the wrapped link has no speed of its own, and changing a pty's
    // (serialport's update) would flush a command already on its way in.
    async setBaudRate(rate: number): Promise<Result<void, TransportError>> {
      transport.baudRate = rate;
      return ok(undefined);
    },
    write(data: Uint8Array): Promise<Result<void, TransportError>> {
      const bytes = Buffer.from(data);
      const next = tail.then(() => send(bytes));
      tail = next;
      return next;
    },
  };

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      clock.setTimeout(resolve, ms);
    });

  async function send(bytes: Buffer): Promise<Result<void, TransportError>> {
    const msPerByte = (BITS_PER_BYTE * 1000) / transport.baudRate;
    const sliceBytes = Math.max(1, Math.floor(SLICE_MS / msPerByte));
    const started = epoch;
    lineFreeAt = Math.max(lineFreeAt, clock.now());
    for (let from = 0; from < bytes.length; from += sliceBytes) {
      const slice = bytes.subarray(from, from + sliceBytes);
      const sliceMs = slice.length * msPerByte;
      lineFreeAt += sliceMs;
      // Further ahead than this slice and a timer's rounding means the wall clock stepped back
      // (NTP): the line is paced from now on, instead of stalling for the hours it stepped.
      if (lineFreeAt - clock.now() > sliceMs + SLICE_MS) lineFreeAt = clock.now() + sliceMs;
      await wait(Math.max(0, lineFreeAt - clock.now()));
      if (epoch !== started) return err({ kind: 'not-open' });
      const written = await inner.write(slice);
      if (!written.ok) return written;
    }
    return ok(undefined);
  }

  return transport;
}
