import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeHttpPost } from './http-post.js';

describe('posting with node:http', () => {
  let server: Server | undefined;
  const post = createNodeHttpPost();
  afterEach(async () => {
    post.close();
    const open = server;
    server = undefined;
    if (open === undefined) return;
    open.closeAllConnections();
    await new Promise((resolve) => open.close(resolve));
  });

  const serve = async (handler: Parameters<typeof createServer>[1]) => {
    server = createServer(handler);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/events`;
  };
  const request = { headers: { 'content-type': 'application/json' }, body: Buffer.from('{}') };

  it('sends the body with its length and reads status, headers and text', async () => {
    const url = await serve((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        res.writeHead(201, { 'x-bianmin-server-time': '42' });
        res.end(JSON.stringify({ got: body, length: req.headers['content-length'] }));
      });
    });
    const reply = await post(url, { ...request, timeoutMs: 2000 });
    expect(reply).toMatchObject({ status: 201, text: '{"got":"{}","length":"2"}' });
    expect(reply.header('X-Bianmin-Server-Time')).toBe('42');
    expect(reply.header('retry-after')).toBeNull();
  });

  it('gives up on a centre that does not answer in time', async () => {
    const url = await serve(() => {});
    await expect(post(url, { ...request, timeoutMs: 50 })).rejects.toMatchObject({
      name: 'TimeoutError',
    });
  });

  it('refuses a reply far longer than any acknowledgement', async () => {
    const url = await serve((_req, res) => res.end(Buffer.alloc(2 << 20, 0x20)));
    await expect(post(url, { ...request, timeoutMs: 2000 })).rejects.toThrow(/reply over/);
  });

  it('names the socket error when nobody listens', async () => {
    const url = await serve(() => {});
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
    await expect(post(url, { ...request, timeoutMs: 2000 })).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
  });
});
