import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import { sendAppPage, staticAppFiles } from '@bianmin/contract/server';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** `<repo>/monitor-ui/build`, resolved from this file so the working directory does not matter. */
const DEFAULT_MONITOR_DIR = fileURLToPath(new URL('../../../../monitor-ui/build', import.meta.url));
const MONITOR_PREFIX = '/monitor';
const BUILD_COMMAND = 'npm run build --workspace monitor-ui';

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

  const sendPage = (reply: FastifyReply) =>
    sendAppPage(reply, {
      path: pagePath,
      notBuilt: () =>
        `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>监测应用尚未构建</title>` +
        `<h1>监测应用尚未构建 / The monitoring app is not built</h1>` +
        `<p>在仓库目录运行 / In the repository, run: <code>${BUILD_COMMAND}</code></p></html>`,
    });

  server.get(MONITOR_PREFIX, (_request, reply) => reply.redirect(`${MONITOR_PREFIX}/`));

  void server.register(
    async (scope) => {
      await scope.register(fastifyStatic, staticAppFiles(monitorDir));
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
