import type { buildCentralServer } from '@bianmin/sync/central';

type FastifyInstance = ReturnType<typeof buildCentralServer>;

interface LinkReply {
  status: number;
  body: string;
}

/** How the simulator reaches a centre: in-process (Fastify inject) or over HTTP. */
export interface CentreLink {
  post(path: string, body: Buffer, headers: Record<string, string>): Promise<LinkReply>;
  get(path: string): Promise<LinkReply>;
}

/** The whole Fastify pipeline (hooks, schemas, handlers) without a socket. */
export function injectLink(app: FastifyInstance): CentreLink {
  return {
    async post(path, body, headers) {
      const reply = await app.inject({
        method: 'POST',
        url: path,
        headers: { 'content-type': 'application/json', ...headers },
        payload: body,
      });
      return { status: reply.statusCode, body: reply.body };
    },
    async get(path) {
      const reply = await app.inject({ method: 'GET', url: path });
      return { status: reply.statusCode, body: reply.body };
    },
  };
}

export function httpLink(baseUrl: string): CentreLink {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    async post(path, body, headers) {
      const reply = await fetch(base + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
      return { status: reply.status, body: await reply.text() };
    },
    async get(path) {
      const reply = await fetch(base + path);
      return { status: reply.status, body: await reply.text() };
    },
  };
}
