import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '@bianmin/common';
import { BUILD_COMMAND, registerKioskApp } from './kiosk-app.js';

const BOOT_SCRIPT = '\n  import("/_app/immutable/entry/start.abc.js");\n';
const PAGE = `<!doctype html><html><head><link href="/_app/immutable/assets/0.css" rel="stylesheet"></head><body><div style="display: contents"><script>${BOOT_SCRIPT}</script></div></body></html>`;

/** A folder shaped like adapter-static's output, with a secret next to it. */
function builtKiosk(): string {
  const parent = mkdtempSync(join(tmpdir(), 'bianmin-kiosk-app-'));
  const dir = join(parent, 'build');
  mkdirSync(join(dir, '_app/immutable/entry'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), PAGE);
  writeFileSync(join(dir, '_app/immutable/entry/start.abc.js'), 'export const start = 1;');
  writeFileSync(join(dir, '_app/version.json'), '{"version":"1"}');
  writeFileSync(join(parent, 'secret.txt'), 'not for the kiosk');
  return dir;
}

function serverFor(kioskDir: string) {
  const events: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      events.push((JSON.parse(chunk.toString()) as { event: string }).event);
      callback();
    },
  });
  const server = Fastify();
  server.get('/healthz', async () => ({ ok: true }));
  server.get('/api/v1/kiosk', async () => ({ terminal: 'T1' }));
  registerKioskApp(server, { kioskDir, logger: createLogger('test', { destination }) });
  return { server, events };
}

let close: (() => Promise<unknown>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe('the kiosk app on the agent', () => {
  it('serves the page uncached with a CSP that allows only its own boot script', async () => {
    const { server } = serverFor(builtKiosk());
    close = () => server.close();
    const reply = await server.inject('/');
    expect(reply.statusCode).toBe(200);
    expect(reply.body).toBe(PAGE);
    expect(reply.headers['cache-control']).toBe('no-store');
    const csp = String(reply.headers['content-security-policy']);
    const hash = createHash('sha256').update(BOOT_SCRIPT).digest('base64');
    expect(csp).toContain(`script-src 'self' 'sha256-${hash}'`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  });

  it('answers any other page path with the same page, so the app routes it', async () => {
    const { server } = serverFor(builtKiosk());
    close = () => server.close();
    for (const url of ['/take-ticket', '/index.html', '/a/b?c=d']) {
      const reply = await server.inject(url);
      expect(reply.statusCode, url).toBe(200);
      expect(reply.body, url).toBe(PAGE);
      expect(reply.headers['content-security-policy'], url).toContain('sha256-');
    }
  });

  it('caches hashed assets for a year and revalidates the rest', async () => {
    const { server } = serverFor(builtKiosk());
    close = () => server.close();
    const asset = await server.inject('/_app/immutable/entry/start.abc.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.body).toBe('export const start = 1;');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const version = await server.inject('/_app/version.json');
    expect(version.headers['cache-control']).toBe('no-cache');
  });

  it('keeps API paths JSON: its routes answer, unknown ones are a JSON 404', async () => {
    const { server } = serverFor(builtKiosk());
    close = () => server.close();
    expect((await server.inject('/api/v1/kiosk')).json()).toEqual({ terminal: 'T1' });
    expect((await server.inject('/healthz')).json()).toEqual({ ok: true });
    for (const [method, url] of [
      ['GET', '/api/v1/nope'],
      ['GET', '/api'],
      ['GET', '/healthz/more'],
      ['POST', '/anything'],
      ['GET', '/_app/immutable/gone.js'],
    ] as const) {
      const reply = await server.inject({ method, url });
      expect(reply.statusCode, url).toBe(404);
      expect(reply.json(), url).toMatchObject({ error: 'not-found' });
    }
  });

  it('never serves a file from outside the kiosk folder', async () => {
    const { server } = serverFor(builtKiosk());
    close = () => server.close();
    for (const url of [
      '/../secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/_app/../../secret.txt',
    ]) {
      const reply = await server.inject(url);
      expect(reply.body, url).not.toContain('not for the kiosk');
      expect([200, 404], url).toContain(reply.statusCode);
    }
  });

  it('says the kiosk is not built, and how to build it, when the folder is missing', async () => {
    const { server, events } = serverFor(join(tmpdir(), 'bianmin-no-such-kiosk-build'));
    close = () => server.close();
    expect(events).toContain('agent.kiosk-ui-missing');
    const reply = await server.inject('/');
    expect(reply.statusCode).toBe(503);
    expect(reply.headers['content-type']).toContain('text/html');
    expect(reply.body).toContain(BUILD_COMMAND);
    expect((await server.inject('/api/v1/kiosk')).statusCode).toBe(200);
  });
});
