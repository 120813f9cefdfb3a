import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** `<repo>/monitor-ui/build`, resolved from this file so the working directory does not matter. */
const DEFAULT_MONITOR_DIR = fileURLToPath(new URL('../../../../monitor-ui/build', import.meta.url));
const MONITOR_PREFIX = '/monitor';
const BUILD_COMMAND = 'npm run build --workspace monitor-ui';

/**
 * Only this origin's files and calls; inline scripts only by hash (SvelteKit's boot script);
 * inline style attributes, which cannot run code, because SvelteKit's markup uses them.
 */
const CSP_DIRECTIVES = [
  "default-src 'none'",
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
];
const INLINE_SCRIPT = /<script>([\s\S]*?)<\/script>/g;
const IMMUTABLE = `${sep}_app${sep}immutable${sep}`;

function contentSecurityPolicy(inlineScripts: readonly string[]): string {
  const hashes = inlineScripts.map(
    (s) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`,
  );
  return [...CSP_DIRECTIVES, ["script-src 'self'", ...hashes].join(' ')].join('; ');
}

/**
 * Serves the built monitoring app under /monitor/ as the agent serves the kiosk
 * (docs/architecture.md): hashed assets cached for a year, the page never cached and sent
 * with a strict CSP, and the page for any other GET under /monitor/ so the app routes.
 */
export function registerMonitorApp(
  server: FastifyInstance,
  monitorDir = DEFAULT_MONITOR_DIR,
): void {
  const pagePath = join(monitorDir, 'index.html');

  const sendPage = async (reply: FastifyReply) => {
    reply
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'same-origin')
      .type('text/html; charset=utf-8');
    const page = await readFile(pagePath, 'utf8').catch(() => null);
    if (page === null) {
      return reply
        .code(503)
        .header('content-security-policy', contentSecurityPolicy([]))
        .send(
          `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>监测应用尚未构建</title>` +
            `<h1>监测应用尚未构建 / The monitoring app is not built</h1>` +
            `<p>在仓库目录运行 / In the repository, run: <code>${BUILD_COMMAND}</code></p></html>`,
        );
    }
    const scripts = [...page.matchAll(INLINE_SCRIPT)].map((m) => m[1] ?? '');
    return reply.header('content-security-policy', contentSecurityPolicy(scripts)).send(page);
  };

  server.get(MONITOR_PREFIX, (_request, reply) => reply.redirect(`${MONITOR_PREFIX}/`));

  void server.register(
    async (scope) => {
      await scope.register(fastifyStatic, {
        root: monitorDir,
        index: false,
        decorateReply: false,
        cacheControl: false,
        allowedPath: (path) => !path.includes('..') && !/(\.html|\/)$/.test(path),
        setHeaders: (res, path) => {
          res.setHeader('x-content-type-options', 'nosniff');
          res.setHeader(
            'cache-control',
            path.includes(IMMUTABLE) ? 'public, max-age=31536000, immutable' : 'no-cache',
          );
        },
      });
      scope.setNotFoundHandler((request, reply) => {
        if (request.method !== 'GET' && request.method !== 'HEAD') {
          return reply.code(404).send({ error: 'not-found', message: 'no such route' });
        }
        return sendPage(reply);
      });
    },
    { prefix: MONITOR_PREFIX },
  );
}
