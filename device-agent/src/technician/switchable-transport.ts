import { err, type Result } from '@bianmin/common';
import type { ByteTransport, TransportError } from '../transport/index.js';

/**
 * A driver's link whose far end can be replaced while the agent runs: technician mode moves a
 * device to another port this way (docs/technician.md). The driver keeps its listeners here;
 * the old port is closed and the driver opens the new one on its next call, as it does after
 * a pulled cable.
 */
export interface SwitchableTransport extends ByteTransport {
  /** The link the agent started with (a simulator's in-memory end, or the configured port). */
  readonly original: ByteTransport;
  replace(next: ByteTransport): Promise<void>;
}

export function switchableTransport(original: ByteTransport): SwitchableTransport {
  let current = original;
  const dataListeners = new Set<(chunk: Buffer) => void>();
  const disconnectListeners = new Set<(reason: string) => void>();
  const attach = (t: ByteTransport) => {
    const offData = t.onData((chunk) => {
      for (const l of dataListeners) l(chunk);
    });
    const offDisconnect = t.onDisconnect?.((reason) => {
      for (const l of disconnectListeners) l(reason);
    });
    return () => {
      offData();
      offDisconnect?.();
    };
  };
  let detach = attach(current);

  const line: SwitchableTransport = {
    original,
    get description() {
      return current.description;
    },
    get isOpen() {
      return current.isOpen;
    },
    open: () => current.open(),
    write: (data) => current.write(data),
    discardInput: async () => current.discardInput?.(),
    onData(listener) {
      dataListeners.add(listener);
      return () => dataListeners.delete(listener);
    },
    onDisconnect(listener) {
      disconnectListeners.add(listener);
      return () => disconnectListeners.delete(listener);
    },
    close: () => current.close(),
    async replace(next) {
      if (next === current) return;
      detach();
      await current.close();
      current = next;
      detach = attach(current);
    },
  };
  // Only a link that had a line speed offers to change it, as the driver expects.
  if (original.setBaudRate) {
    line.setBaudRate = (baudRate): Promise<Result<void, TransportError>> =>
      current.setBaudRate
        ? current.setBaudRate(baudRate)
        : Promise.resolve(err({ kind: 'update-failed', message: 'this link has no line speed' }));
  }
  return line;
}
