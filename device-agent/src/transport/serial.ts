import type { SerialPort } from 'serialport';
import { ok, err } from '@bianmin/common';
import type { ByteTransport, TransportError } from './byte-transport.js';
import type { Result } from '@bianmin/common';
import { describeSerialMatch, resolveSerialMatch, type SerialMatch } from './serial-by-id.js';

/**
 * Where the port is: a path used exactly as given (virtual ports are not listed by the
 * operating system), or a USB adapter looked up by its udev by-id name on every open.
 */
export type SerialLocation =
  | { path: string }
  | {
      match: SerialMatch;
      /** Tests point this at a folder of their own links. */ byIdFolder?: string;
    };

export type SerialTransportOptions = SerialLocation & { baudRate: number };

/** A real serial port (RS-232, USB-CDC, or a pty from socat in tests). */
export function createSerialTransport(options: SerialTransportOptions): ByteTransport {
  let port: SerialPort | undefined;
  let baudRate = options.baudRate;
  const where = 'path' in options ? options.path : describeSerialMatch(options.match);
  async function locate(): Promise<Result<string, TransportError>> {
    if ('path' in options) return ok(options.path);
    const found = await resolveSerialMatch(options.match, options.byIdFolder);
    return found.ok ? ok(found.value.device) : err({ kind: 'open-failed', message: found.error });
  }
  const listeners = new Set<(chunk: Buffer) => void>();
  const forward = (chunk: Buffer) => {
    for (const l of listeners) l(chunk);
  };
  const disconnectListeners = new Set<(reason: string) => void>();

  return {
    get description() {
      return `serial:${where}@${baudRate}`;
    },
    get isOpen() {
      return port?.isOpen ?? false;
    },
    async open(): Promise<Result<void, TransportError>> {
      const path = await locate();
      if (!path.ok) return path;
      // Loaded on the first open, as node-hid is: a terminal with simulated or HID devices
      // never pays for serialport's native binding and parsers (docs/benchmarks.md).
      const { SerialPort } = await import('serialport');
      return new Promise((resolve) => {
        const p = new SerialPort({
          path: path.value,
          baudRate,
          autoOpen: false,
        });
        p.open((error) => {
          if (error) {
            resolve(err({ kind: 'open-failed', message: error.message }));
            return;
          }
          p.on('data', forward);
          // A vanished port (unplugged adapter) fails the pending write through its callback
          // and then also emits 'error'; unheard, that event would end the process. The write
          // result already reports it, and the driver reopens on its next operation.
          p.on('error', () => undefined);
          // serialport closes a port whose read or write fails (EIO on a vanished tty, ENXIO
          // on a pulled USB adapter) and passes the cause; our own close passes none.
          p.on('close', (cause: unknown) => {
            p.off('data', forward);
            if (cause instanceof Error) for (const l of disconnectListeners) l(cause.message);
          });
          port = p;
          resolve(ok(undefined));
        });
      });
    },
    write(data: Uint8Array): Promise<Result<void, TransportError>> {
      return new Promise((resolve) => {
        const p = port;
        if (!p?.isOpen) {
          resolve(err({ kind: 'not-open' }));
          return;
        }
        p.write(Buffer.from(data), (error) => {
          if (error) resolve(err({ kind: 'write-failed', message: error.message }));
          else p.drain(() => resolve(ok(undefined)));
        });
      });
    },
    discardInput(): Promise<void> {
      return new Promise((resolve) => {
        const p = port;
        // tcflush: what the kernel holds for us is from before this open, or from nobody.
        if (p?.isOpen) p.flush(() => resolve());
        else resolve();
      });
    },
    setBaudRate(rate: number): Promise<Result<void, TransportError>> {
      return new Promise((resolve) => {
        baudRate = rate;
        const p = port;
        if (!p?.isOpen) {
          resolve(ok(undefined));
          return;
        }
        p.update({ baudRate: rate }, (error) => {
          if (error) resolve(err({ kind: 'update-failed', message: error.message }));
          else resolve(ok(undefined));
        });
      });
    },
    onData(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onDisconnect(listener) {
      disconnectListeners.add(listener);
      return () => disconnectListeners.delete(listener);
    },
    close(): Promise<void> {
      return new Promise((resolve) => {
        const p = port;
        port = undefined;
        if (!p?.isOpen) {
          resolve();
          return;
        }
        p.close(() => resolve());
      });
    },
  };
}
