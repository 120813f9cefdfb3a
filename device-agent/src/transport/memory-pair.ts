import { ok, err } from '@bianmin/common';
import type { ByteTransport } from './byte-transport.js';

class MemoryEnd implements ByteTransport {
  peer: MemoryEnd | undefined;
  #open = false;
  #listeners = new Set<(chunk: Buffer) => void>();
  /** When false the end behaves like an unplugged cable: writes fail, nothing arrives. */
  connected = true;
  baudRate: number | undefined;

  constructor(readonly description: string) {}

  get isOpen(): boolean {
    return this.#open;
  }

  async open() {
    if (!this.connected) return err({ kind: 'open-failed' as const, message: 'device unplugged' });
    this.#open = true;
    return ok(undefined);
  }

  async write(data: Uint8Array) {
    if (!this.#open) return err({ kind: 'not-open' as const });
    if (!this.connected) return err({ kind: 'write-failed' as const, message: 'device unplugged' });
    const chunk = Buffer.from(data);
    const peer = this.peer;
    // Deliver asynchronously, as a real port does, so callers never rely on re-entrancy.
    setImmediate(() => peer?.deliver(chunk));
    return ok(undefined);
  }

  deliver(chunk: Buffer): void {
    if (!this.#open || !this.connected) return;
    for (const listener of this.#listeners) listener(chunk);
  }

  onData(listener: (chunk: Buffer) => void) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** No line speed of its own; remembered so tests can see what a driver asked for. */
  async setBaudRate(rate: number) {
    this.baudRate = rate;
    return ok(undefined);
  }

  async close() {
    this.#open = false;
  }
}

export interface MemoryPair {
  /** The side the driver uses. */
  readonly host: ByteTransport;
  /** The side the simulator uses. */
  readonly device: ByteTransport;
  /** Simulate pulling or reconnecting the cable. */
  setConnected(connected: boolean): void;
}

/** Two linked in-memory byte streams: what one side writes, the other receives. */
export function createMemoryPair(name: string): MemoryPair {
  const host = new MemoryEnd(`memory:${name}:host`);
  const device = new MemoryEnd(`memory:${name}:device`);
  host.peer = device;
  device.peer = host;
  return {
    host,
    device,
    setConnected(connected) {
      host.connected = connected;
      device.connected = connected;
    },
  };
}
