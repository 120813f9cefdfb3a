import type { Result } from '@bianmin/common';

export type TransportError =
  | { kind: 'not-open' }
  | { kind: 'open-failed'; message: string }
  | { kind: 'write-failed'; message: string }
  | { kind: 'update-failed'; message: string }
  | { kind: 'timeout'; waitedMs: number }
  /** The port closed by itself while a reply was awaited: the device was pulled. */
  | { kind: 'disconnected'; message: string };

/**
 * A byte stream to one device. Drivers speak their protocol over this; simulators sit on the
 * other end of an in-memory pair or of a real (virtual) serial port, so the same bytes flow
 * in tests, in `npm start` and on real hardware.
 */
export interface ByteTransport {
  readonly description: string;
  readonly isOpen: boolean;
  open(): Promise<Result<void, TransportError>>;
  write(data: Uint8Array): Promise<Result<void, TransportError>>;
  /**
   * Drops bytes received but not yet delivered (a reply that came after its requester gave
   * up, line noise while nobody listened). Transports without an input buffer omit it.
   */
  discardInput?(): Promise<void>;
  /** Switches the line speed of an open port, or the speed the next open uses. */
  setBaudRate?(baudRate: number): Promise<Result<void, TransportError>>;
  /** Returns a function that removes the listener. */
  onData(listener: (chunk: Buffer) => void): () => void;
  /**
   * Calls `listener` when the open port closes without being asked to (the device or its
   * adapter was pulled), so a caller waiting for a reply stops waiting at once. Returns a
   * function that removes the listener. Transports that cannot tell omit it.
   */
  onDisconnect?(listener: (reason: string) => void): () => void;
  close(): Promise<void>;
}

/** A short, human-readable account of a transport failure, for error details and logs. */
export function describeTransportError(error: TransportError, awaited = 'reply'): string {
  switch (error.kind) {
    case 'not-open':
      return 'port not open';
    case 'open-failed':
      return `open failed: ${error.message}`;
    case 'write-failed':
      return `write failed: ${error.message}`;
    case 'update-failed':
      return `changing the line speed failed: ${error.message}`;
    case 'timeout':
      return `no ${awaited} within ${error.waitedMs} ms`;
    case 'disconnected':
      return `disconnected: ${error.message}`;
  }
}
