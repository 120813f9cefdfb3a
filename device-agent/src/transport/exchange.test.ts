import { afterEach, describe, expect, it, vi } from 'vitest';
import { exchange } from './exchange.js';
import { createMemoryPair } from './memory-pair.js';

afterEach(() => {
  vi.useRealTimers();
});

async function openPair() {
  const pair = createMemoryPair('exchange');
  await pair.host.open();
  await pair.device.open();
  return pair;
}

describe('exchange', () => {
  it('feeds chunks to the reader until it has a reply, and drops what follows', async () => {
    const pair = await openPair();
    pair.device.onData(() => {
      void pair.device.write(Uint8Array.of(1, 2));
      void pair.device.write(Uint8Array.of(3, 4, 5));
    });
    let seen = 0;
    const reply = await exchange(
      pair.host,
      Uint8Array.of(0x10),
      (chunk) => {
        seen += chunk.length;
        return seen >= 3 ? seen : undefined;
      },
      1000,
    );
    expect(reply).toEqual({ ok: true, value: 5 });
  });

  it('times out as a value when no reply comes', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const pair = await openPair();
    const pending = exchange(pair.host, Uint8Array.of(0x10), () => undefined, 500);
    await vi.advanceTimersByTimeAsync(500);
    expect(await pending).toEqual({ ok: false, error: { kind: 'timeout', waitedMs: 500 } });
  });

  it('reports a failed write at once', async () => {
    const pair = await openPair();
    pair.setConnected(false);
    expect(await exchange(pair.host, Uint8Array.of(0x10), () => 1, 60_000)).toEqual({
      ok: false,
      error: { kind: 'write-failed', message: 'device unplugged' },
    });
  });
});
