import { ok, err, type Result } from '@bianmin/common';
import type { ByteTransport, TransportError } from './byte-transport.js';

/**
 * Writes a request and gathers reply bytes until `complete` says a whole reply is in the
 * buffer (returning its length) or the timeout passes. Bytes after the reply are dropped:
 * every protocol here is strictly request/reply.
 */
export function exchange(
  transport: ByteTransport,
  request: Uint8Array,
  complete: (buffer: Buffer) => number | undefined,
  timeoutMs: number,
): Promise<Result<Buffer, TransportError>> {
  return new Promise((resolve) => {
    let buffer = Buffer.alloc(0);
    let settled = false;
    const finish = (result: Result<Buffer, TransportError>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stop();
      resolve(result);
    };
    const stop = transport.onData((chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      const length = complete(buffer);
      if (length !== undefined) finish(ok(buffer.subarray(0, length)));
    });
    const timer = setTimeout(
      () => finish(err({ kind: 'timeout', waitedMs: timeoutMs })),
      timeoutMs,
    );
    void transport.write(request).then((written) => {
      if (!written.ok) finish(written);
    });
  });
}
