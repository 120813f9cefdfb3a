import { SerialPort } from 'serialport';
import { ok, err } from '@bianmin/common';
import type { ByteTransport, TransportError } from './byte-transport.js';
import type { Result } from '@bianmin/common';

/**
 * A real serial port (RS-232, USB-CDC, or a pty from socat in tests). The path is used as
 * given: virtual ports are not listed by the operating system.
 */
export function createSerialTransport(options: { path: string; baudRate: number }): ByteTransport {
  let port: SerialPort | undefined;
  let baudRate = options.baudRate;
  const listeners = new Set<(chunk: Buffer) => void>();
  const forward = (chunk: Buffer) => {
    for (const l of listeners) l(chunk);
  };

  return {
    get description() {
      return `serial:${options.path}@${baudRate}`;
    },
    get isOpen() {
      return port?.isOpen ?? false;
    },
    open(): Promise<Result<void, TransportError>> {
      return new Promise((resolve) => {
        const p = new SerialPort({
          path: options.path,
          baudRate,
          autoOpen: false,
        });
        p.open((error) => {
          if (error) {
            resolve(err({ kind: 'open-failed', message: error.message }));
            return;
          }
          p.on('data', forward);
          // A closed or vanished port is reopened by the driver on its next operation.
          p.on('close', () => p.off('data', forward));
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
