import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { EventLogger } from '@bianmin/common';
import { notFoundReply, sendAppPage, staticAppFiles } from '@bianmin/contract/server';

/** `<repo>/kiosk-ui/build`, resolved from this file so the working directory does not matter. */
const DEFAULT_KIOSK_DIR = fileURLToPath(new URL('../../../kiosk-ui/build', import.meta.url));

/** The SPA fallback page adapter-static writes (kiosk-ui/svelte.config.js). */
const PAGE_FILE = 'index.html';
export const BUILD_COMMAND = 'npm run build --workspace kiosk-ui';

export interface KioskAppOptions {
  /** The built kiosk (adapter-static output); defaults to {@link DEFAULT_KIOSK_DIR}. */
  kioskDir?: string | undefined;
  logger: EventLogger;
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

  server.register(fastifyStatic, staticAppFiles(kioskDir));

  const sendPage = (reply: FastifyReply) =>
    sendAppPage(reply, {
      path: pagePath,
      // data: for the development panel's receipt picture.
      imgSrc: "'self' data:",
      notBuilt: () => notBuiltPage(kioskDir),
    });

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
