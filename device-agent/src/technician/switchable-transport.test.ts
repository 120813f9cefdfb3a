import { describe, expect, it } from 'vitest';
import { createMemoryPair, type ByteTransport } from '../transport/index.js';
import { switchableTransport, type SwitchableTransport } from './switchable-transport.js';

/** The next chunk the link hands its listeners. */
const nextChunk = (line: SwitchableTransport) =>
  new Promise<string>((resolve) => {
    const off = line.onData((chunk) => {
      off();
      resolve(chunk.toString());
    });
  });

describe('a switchable link', () => {
  it('hands its listeners to the new far end and closes the old one', async () => {
    const first = createMemoryPair('first');
    const second = createMemoryPair('second');
    const line = switchableTransport(first.host);
    const disconnects: string[] = [];
    line.onDisconnect?.((reason) => disconnects.push(reason));
    await first.device.open();
    await second.device.open();
    await line.open();
    const a = nextChunk(line);
    await first.device.write(Buffer.from('a'));
    expect(await a).toBe('a');

    await line.replace(second.host);
    expect(first.host.isOpen).toBe(false);
    expect(line.isOpen).toBe(false);
    await line.open();
    // Sent on the old link first: it never reaches the driver, 'b' from the new one does.
    await first.device.write(Buffer.from('lost'));
    const b = nextChunk(line);
    await second.device.write(Buffer.from('b'));
    expect(await b).toBe('b');
    second.setConnected(false);
    expect(disconnects).toHaveLength(1);

    await line.replace(line.original);
    expect(line.description).toBe(first.host.description);
  });

  it('offers a line speed only when the link it started with had one', () => {
    const host = createMemoryPair('m').host;
    const plain: ByteTransport = {
      description: 'plain',
      isOpen: false,
      open: () => host.open(),
      write: (data) => host.write(data),
      onData: (listener) => host.onData(listener),
      close: () => host.close(),
    };
    expect(switchableTransport(plain).setBaudRate).toBeUndefined();
    expect(switchableTransport(host).setBaudRate).toBeDefined();
  });
});
