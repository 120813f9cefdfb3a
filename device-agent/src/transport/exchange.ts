import { ok, err, type Result } from '@bianmin/common';
import type { ByteTransport, TransportError } from './byte-transport.js';

/**
 * Writes a request and feeds each reply chunk to `read` until it returns a reply or the
 * timeout passes. `read` keeps whatever state it needs across chunks (a frame assembler, a
 * byte matcher), so a reply may arrive cut anywhere. Bytes after the reply are dropped: every
 * protocol here is strictly request/reply. A port that vanishes meanwhile ends the wait at once
 * ('disconnected'): the reply can no longer come.
 */
export function exchange<Reply>(
  transport: ByteTransport,
  request: Uint8Array,
  read: (chunk: Buffer) => Reply | undefined,
  timeoutMs: number,
): Promise<Result<Reply, TransportError>> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: Result<Reply, TransportError>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stop();
      stopWatching();
      resolve(result);
    };
    const stop = transport.onData((chunk) => {
      if (settled) return;
      const reply = read(chunk);
      if (reply !== undefined) finish(ok(reply));
    });
    const stopWatching =
      transport.onDisconnect?.((message) => finish(err({ kind: 'disconnected', message }))) ??
      (() => undefined);
    const timer = setTimeout(
      () => finish(err({ kind: 'timeout', waitedMs: timeoutMs })),
      timeoutMs,
    );
    void transport.write(request).then((written) => {
      if (!written.ok) finish(written);
    });
  });
}
