import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, type TempDir } from '@bianmin/common/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { openCentralDatabase } from '../database.js';
import { buildCentralServer } from '../server.js';

let temp: TempDir | undefined;
afterEach(() => temp?.remove());

async function centreServing(build: boolean) {
  temp = makeTempDir('monitor-app');
  const appDir = join(temp.path, 'build');
  const boot = 'console.log("boot")';
  if (build) {
    mkdirSync(join(appDir, '_app/immutable'), { recursive: true });
    writeFileSync(join(appDir, 'index.html'), `<!doctype html><script>${boot}</script>`);
    writeFileSync(join(appDir, '_app/immutable/app.js'), 'export {};');
  }
  const opened = openCentralDatabase(join(temp.path, 'central.sqlite'));
  if (!opened.ok) throw new Error(opened.error.message);
  const app = buildCentralServer({ db: opened.value, monitoring: { appDir } });
  await app.ready();
  const hash = createHash('sha256').update(boot).digest('base64');
  return { app, hash, close: async () => (await app.close(), opened.value.close()) };
}

describe('the monitoring app files', () => {
  it('serve the page at any path under /monitor/ with a strict CSP naming the boot script', async () => {
    const { app, hash, close } = await centreServing(true);
    for (const url of ['/monitor/', '/monitor/regions', '/monitor/terminal?id=x']) {
      const page = await app.inject({ url });
      expect(page.statusCode, url).toBe(200);
      expect(page.headers['cache-control']).toBe('no-store');
      const csp = String(page.headers['content-security-policy']);
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain(`script-src 'self' 'sha256-${hash}'`);
      expect(csp).toContain("frame-ancestors 'none'");
    }
    const asset = await app.inject({ url: '/monitor/_app/immutable/app.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await app.inject({ url: '/monitor' })).headers.location).toBe('/monitor/');
    expect((await app.inject({ url: '/monitor/../central.sqlite' })).body).not.toContain('SQLite');
    expect((await app.inject({ method: 'POST', url: '/monitor/x' })).statusCode).toBe(404);
    await close();
  });

  it('say how to build the app when it is missing', async () => {
    const { app, close } = await centreServing(false);
    const page = await app.inject({ url: '/monitor/' });
    expect(page.statusCode).toBe(503);
    expect(page.body).toContain('npm run build --workspace monitor-ui');
    await close();
  });
});
