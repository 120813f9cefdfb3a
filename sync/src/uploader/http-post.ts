import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** What the uploader reads of a reply. */
export interface HttpReply {
  status: number;
  statusText: string;
  /** A header's value, or null when absent. */
  header(name: string): string | null;
  text: string;
}

interface HttpPostRequest {
  headers: Record<string, string>;
  body: Buffer;
  timeoutMs: number;
}

/**
 * POSTs bytes and reads the whole reply. A failure rejects with an error whose `code` names
 * the socket error (ECONNREFUSED, ...) or whose name is TimeoutError.
 */
export type HttpPost = ((url: string, request: HttpPostRequest) => Promise<HttpReply>) & {
  /** Closes kept-alive connections. */
  close(): void;
};

/** A centre's reply is an acknowledgement or an error: anything this long is not one. */
const MAX_REPLY_BYTES = 1 << 20;

class TimeoutError extends Error {
  override name = 'TimeoutError';
}

/**
 * POSTs with node:http(s). Not fetch: its first request loads undici and compiles a
 * WebAssembly HTTP parser, about 20 MB of resident memory on a terminal whose agent has an
 * 80 MB budget (docs/benchmarks.md, agent memory).
 */
export function createNodeHttpPost(): HttpPost {
  const agents = {
    'http:': new HttpAgent({ keepAlive: true, maxSockets: 2 }),
    'https:': new HttpsAgent({ keepAlive: true, maxSockets: 2 }),
  };
  const post = (url: string, { headers, body, timeoutMs }: HttpPostRequest) =>
    new Promise<HttpReply>((resolve, reject) => {
      const target = new URL(url);
      const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
      const agent = target.protocol === 'https:' ? agents['https:'] : agents['http:'];
      const request = send(target, {
        method: 'POST',
        agent,
        headers: { ...headers, 'content-length': String(body.length) },
      });
      const timer = setTimeout(
        () => request.destroy(new TimeoutError(`no reply within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const fail = (error: Error) => {
        clearTimeout(timer);
        reject(error);
      };
      request.once('error', fail);
      request.once('response', (reply: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let length = 0;
        reply.on('data', (chunk: Buffer) => {
          length += chunk.length;
          if (length > MAX_REPLY_BYTES) {
            request.destroy(new Error(`reply over ${MAX_REPLY_BYTES} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        reply.once('error', fail);
        reply.once('end', () => {
          clearTimeout(timer);
          resolve({
            status: reply.statusCode ?? 0,
            statusText: reply.statusMessage ?? '',
            header: (name) => {
              const value = reply.headers[name.toLowerCase()];
              return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
            },
            text: Buffer.concat(chunks).toString('utf8'),
          });
        });
      });
      request.end(body);
    });
  return Object.assign(post, {
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  });
}

/** The same over a fetch function, for tests that stand in for the network. */
export function fetchPost(fetchFn: typeof fetch): HttpPost {
  const post = async (url: string, { headers, body, timeoutMs }: HttpPostRequest) => {
    const response = await fetchFn(url, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    return {
      status: response.status,
      statusText: response.statusText,
      header: (name: string) => response.headers.get(name),
      text,
    };
  };
  return Object.assign(post, { close() {} });
}
