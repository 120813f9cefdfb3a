import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openNetworkSwitch, type NetworkSwitch } from './network-switch.js';

describe('network switch', () => {
  let link: NetworkSwitch | undefined;
  let server: Server | undefined;
  afterEach(async () => {
    await link?.close();
    await new Promise((closed) => (server ? server.close(closed) : closed(undefined)));
  });

  const get = (url: string) =>
    fetch(url, { headers: { connection: 'close' } }).then(
      async (r) => `${r.status} ${await r.text()}`,
      (e: Error & { cause?: { code?: string } }) => e.cause?.code ?? e.message,
    );

  it('resets connections while cut, passes them through once connected, and cuts again', async () => {
    link = await openNetworkSwitch();
    expect(await get(link.url)).toBe('ECONNRESET');

    server = createServer((_req, res) => res.end('centre'));
    await new Promise<void>((listening) => server!.listen(0, '127.0.0.1', listening));
    link.connectTo((server.address() as AddressInfo).port);
    expect(await get(link.url)).toBe('200 centre');

    link.cut();
    expect(await get(link.url)).toBe('ECONNRESET');
  });
});
