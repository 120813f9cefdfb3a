import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { sep } from 'node:path';
import type { FastifyReply } from 'fastify';

/**
 * Serving a SvelteKit app built with adapter-static (the kiosk from the agent, the
 * monitoring app from the centre): hashed assets cached for a year, the page never cached
 * and sent with a strict content security policy.
 */

const INLINE_SCRIPT = /<script>([\s\S]*?)<\/script>/g;
const IMMUTABLE = `${sep}_app${sep}immutable${sep}`;

/**
 * The page loads only this origin's files and talks only to this origin. Inline scripts are
 * allowed by hash (SvelteKit's boot script), never wholesale; inline style attributes are
 * allowed because SvelteKit's own markup uses them and they cannot run code or, with
 * img-src and font-src closed, load anything.
 */
function contentSecurityPolicy(inlineScripts: readonly string[], imgSrc: string): string {
  const hashes = inlineScripts.map(
    (s) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`,
  );
  return [
    "default-src 'none'",
    "style-src 'self'",
    "style-src-attr 'unsafe-inline'",
    `img-src ${imgSrc}`,
    "font-src 'self'",
    "connect-src 'self'",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    ["script-src 'self'", ...hashes].join(' '),
  ].join('; ');
}

/** Options for @fastify/static serving the app's files (never its pages: see sendAppPage). */
export function staticAppFiles(root: string) {
  return {
    root,
    index: false as const,
    decorateReply: false,
    cacheControl: false,
    // Files only: pages and folders go to the page sender (for the CSP), and '..' is refused
    // here rather than left to `send`.
    allowedPath: (path: string) => !path.includes('..') && !/(\.html|\/)$/.test(path),
    setHeaders: (res: { setHeader(name: string, value: string): unknown }, path: string) => {
      res.setHeader('x-content-type-options', 'nosniff');
      res.setHeader(
        'cache-control',
        path.includes(IMMUTABLE) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  };
}

export interface AppPage {
  /** The page adapter-static wrote (its SPA fallback). */
  path: string;
  /** What the policy's img-src allows, e.g. "'self' data:". */
  imgSrc?: string;
  /** Sent with 503 when the app is not built: says how to build it. */
  notBuilt: () => string;
}

/** Sends the app's page, read on every request: it is small and a rebuild needs no restart. */
export async function sendAppPage(reply: FastifyReply, page: AppPage): Promise<FastifyReply> {
  const imgSrc = page.imgSrc ?? "'self'";
  reply
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'same-origin')
    .type('text/html; charset=utf-8');
  const html = await readFile(page.path, 'utf8').catch(() => null);
  if (html === null) {
    return reply
      .code(503)
      .header('content-security-policy', contentSecurityPolicy([], imgSrc))
      .send(page.notBuilt());
  }
  const scripts = [...html.matchAll(INLINE_SCRIPT)].map((m) => m[1] ?? '');
  return reply.header('content-security-policy', contentSecurityPolicy(scripts, imgSrc)).send(html);
}
