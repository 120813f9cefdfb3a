import { env } from '$env/dynamic/private';
import type { RequestHandler } from './$types';

/**
 * The browser talks only to its own origin; this forwards /agent/* to the device agent on
 * the terminal, so the agent needs no CORS and its address stays a server-side setting.
 */
const forward: RequestHandler = async ({ params, request, url }) => {
  const agentUrl = env.AGENT_URL ?? 'http://127.0.0.1:7070';
  const target = new URL(`/${params.path}${url.search}`, agentUrl);
  const init: RequestInit = {
    method: request.method,
    // Longer than the browser's own timeouts, so the browser always decides first.
    signal: AbortSignal.timeout(30_000),
    headers: { 'content-type': request.headers.get('content-type') ?? 'application/json' },
  };
  if (request.method !== 'GET' && request.method !== 'HEAD') init.body = await request.text();
  try {
    const reply = await fetch(target, init);
    return new Response(reply.body, {
      status: reply.status,
      headers: { 'content-type': reply.headers.get('content-type') ?? 'application/json' },
    });
  } catch {
    return new Response(JSON.stringify({ error: 'agent-unreachable' }), {
      status: 502,
      headers: { 'content-type': 'application/json' },
    });
  }
};

export const GET = forward;
export const POST = forward;
