import { ok, err } from '@bianmin/common';
import type { ByteTransport } from './byte-transport.js';

const UNPLUGGED = 'device unplugged';

class MemoryEnd implements ByteTransport {
  peer: MemoryEnd | undefined;
  #open = false;
  #listeners = new Set<(chunk: Buffer) => void>();
  #disconnectListeners = new Set<(reason: string) => void>();
  /** When false the cable is out: the port is gone, so it cannot be opened or written. */
  connected = true;
  baudRate: number | undefined;

  constructor(readonly description: string) {}

  get isOpen(): boolean {
    return this.#open;
  }

  async open() {
    if (!this.connected) return err({ kind: 'open-failed' as const, message: UNPLUGGED });
    this.#open = true;
    return ok(undefined);
  }

  async write(data: Uint8Array) {
    if (!this.connected) return err({ kind: 'write-failed' as const, message: UNPLUGGED });
    if (!this.#open) return err({ kind: 'not-open' as const });
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

  onDisconnect(listener: (reason: string) => void) {
    this.#disconnectListeners.add(listener);
    return () => this.#disconnectListeners.delete(listener);
  }

  /** No line speed of its own; remembered so tests can see what a driver asked for. */
  async setBaudRate(rate: number) {
    this.baudRate = rate;
    return ok(undefined);
  }

  async close() {
    this.#open = false;
  }

  /** The cable is pulled: an open port closes by itself and says so, as a vanished tty does. */
  vanish(): boolean {
    this.connected = false;
    const wasOpen = this.#open;
    this.#open = false;
    if (wasOpen) for (const listener of this.#disconnectListeners) listener(UNPLUGGED);
    return wasOpen;
  }
}

export interface MemoryPair {
  /** The side the driver uses. */
  readonly host: ByteTransport;
  /** The side the simulator uses. */
  readonly device: ByteTransport;
  /** Whether the cable is in. */
  readonly connected: boolean;
  /**
   * Pulls the cable (false) or puts it back (true). Pulling closes both open ends, each
   * telling its disconnect listeners, and fails every open until the cable is back. Putting
   * it back reopens the device's end if it was open (the device powers up with its link);
   * the host's end stays closed until its driver opens it again, as a replugged port does.
   */
  setConnected(connected: boolean): void;
}

/** Two linked in-memory byte streams: what one side writes, the other receives. */
export function createMemoryPair(name: string): MemoryPair {
  const host = new MemoryEnd(`memory:${name}:host`);
  const device = new MemoryEnd(`memory:${name}:device`);
  host.peer = device;
  device.peer = host;
  let deviceWasOpen = false;
  return {
    host,
    device,
    get connected() {
      return host.connected;
    },
    setConnected(connected) {
      if (connected === host.connected) return;
      if (!connected) {
        host.vanish();
        deviceWasOpen = device.vanish();
        return;
      }
      host.connected = true;
      device.connected = true;
      if (deviceWasOpen) void device.open();
    },
  };
}
