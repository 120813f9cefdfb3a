import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { ByteTransport } from './byte-transport.js';

const SOCAT = '/usr/bin/socat';
export const HAVE_SOCAT = existsSync(SOCAT);

/**
 * A socat pty pair standing in for a USB serial adapter: `plug()` makes the two link names
 * appear, `unplug()` kills socat so both ports vanish as when the cable is pulled, and a
 * later `plug()` brings them back under the same names (on new /dev/pts numbers).
 */
export interface SocatPair {
  readonly a: string;
  readonly b: string;
  plug(): Promise<void>;
  unplug(): Promise<void>;
}

export function socatPair(base: string): SocatPair {
  const a = `${base}-a`;
  const b = `${base}-b`;
  let child: ChildProcess | undefined;
  return {
    a,
    b,
    plug() {
      const started = spawn(
        SOCAT,
        ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      child = started;
      // socat links both ptys before it says it starts copying between them.
      return new Promise((resolve, reject) => {
        let log = '';
        started.stderr?.on('data', (chunk: Buffer) => {
          log += chunk.toString();
          if (log.includes('starting data transfer loop')) {
            started.stderr?.removeAllListeners('data');
            started.stderr?.resume();
            resolve();
          }
        });
        started.once('exit', (code) => reject(new Error(`socat exited (${code}): ${log}`)));
      });
    },
    async unplug() {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill();
      await exited;
    },
  };
}

/**
 * `transport` with its opens counted: a driver that shares one open between a probe and its
 * own work opens the port once, where two opens would have the second fail serialport's lock.
 */
export function countingOpens(transport: ByteTransport): ByteTransport & { opens(): number } {
  let opens = 0;
  return {
    ...transport,
    get description() {
      return transport.description;
    },
    get isOpen() {
      return transport.isOpen;
    },
    open: () => {
      opens += 1;
      return transport.open();
    },
    opens: () => opens,
  };
}
