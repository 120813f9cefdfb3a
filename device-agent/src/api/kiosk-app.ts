import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { EventLogger } from '@bianmin/common';
import { notFoundReply } from '@bianmin/contract/server';

/** `<repo>/kiosk-ui/build`, resolved from this file so the working directory does not matter. */
const DEFAULT_KIOSK_DIR = fileURLToPath(new URL('../../../kiosk-ui/build', import.meta.url));

/** The SPA fallback page adapter-static writes (kiosk-ui/svelte.config.js). */
const PAGE_FILE = 'index.html';
export const BUILD_COMMAND = 'npm run build --workspace kiosk-ui';

/**
 * The page loads only this origin's files and talks only to this origin. Inline scripts are
 * allowed by hash (SvelteKit's boot script), never wholesale; inline style attributes are
 * allowed because SvelteKit's own markup uses them and they cannot run code or, with
 * img-src and font-src closed, load anything.
 */
const CSP_DIRECTIVES = [
  "default-src 'none'",
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  // data: for the development panel's receipt picture.
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
];

const IMMUTABLE = `${sep}_app${sep}immutable${sep}`;
const INLINE_SCRIPT = /<script>([\s\S]*?)<\/script>/g;

export interface KioskAppOptions {
  /** The built kiosk (adapter-static output); defaults to {@link DEFAULT_KIOSK_DIR}. */
  kioskDir?: string | undefined;
  logger: EventLogger;
}

/** The content security policy for a page whose inline scripts are `inlineScripts`. */
function contentSecurityPolicy(inlineScripts: readonly string[]): string {
  const hashes = inlineScripts.map(
    (s) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`,
  );
  return [...CSP_DIRECTIVES, ["script-src 'self'", ...hashes].join(' ')].join('; ');
}

/** API paths answer JSON, never the kiosk page, and `_app/` asks for a file that must exist. */
function getsKioskPage(method: string, path: string): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  return !/^\/(api|healthz|_app)(\/|$)/.test(path);
}

/**
 * Serves the built kiosk on the agent's own port: hashed assets cached for a year, the page
 * never cached and sent with a strict CSP, and the page for any other GET so the app's
 * router decides. Answers with how to build the kiosk when it is missing.
 */
export function registerKioskApp(server: FastifyInstance, options: KioskAppOptions): void {
  const kioskDir = options.kioskDir ?? DEFAULT_KIOSK_DIR;
  const pagePath = join(kioskDir, PAGE_FILE);
  if (!existsSync(pagePath)) {
    options.logger.event('agent.kiosk-ui-missing', { kioskDir, command: BUILD_COMMAND });
  }

  server.register(fastifyStatic, {
    root: kioskDir,
    index: false,
    decorateReply: false,
    cacheControl: false,
    // Files only: pages and folders go to sendPage (for the CSP), and '..' is refused here
    // rather than left to `send`.
    allowedPath: (path) => !path.includes('..') && !/(\.html|\/)$/.test(path),
    setHeaders: (res, path) => {
      res.setHeader('x-content-type-options', 'nosniff');
      res.setHeader(
        'cache-control',
        path.includes(IMMUTABLE) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });

  const sendPage = async (reply: FastifyReply) => {
    reply
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .type('text/html; charset=utf-8');
    // Read on every request: the page is small and a rebuild must not need a restart.
    const page = await readFile(pagePath, 'utf8').catch(() => null);
    if (page === null) {
      return reply
        .code(503)
        .header('content-security-policy', contentSecurityPolicy([]))
        .send(notBuiltPage(kioskDir));
    }
    const scripts = [...page.matchAll(INLINE_SCRIPT)].map((m) => m[1] ?? '');
    return reply.header('content-security-policy', contentSecurityPolicy(scripts)).send(page);
  };

  server.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (getsKioskPage(request.method, path)) return sendPage(reply);
    return notFoundReply(request, reply);
  });
}

function notBuiltPage(kioskDir: string): string {
  const escaped = kioskDir.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="zh-CN">
<meta charset="utf-8" />
<title>终端界面尚未构建 / kiosk UI not built</title>
<h1>终端界面尚未构建 / The kiosk UI is not built</h1>
<p>设备服务正在运行，但找不到界面文件 / The device agent is running, but there is no built kiosk in <code>${escaped}</code>.</p>
<p>在仓库目录运行 / In the repository, run: <code>${BUILD_COMMAND}</code></p>
</html>
`;
}
