import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import type { Page } from '@playwright/test';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/**
 * Comparing two builds (`ab` in kiosk-paint.ts): the page's own files come from `dir`, its calls still go to
 * the agent, so both builds run against one stack in the same minutes.
 */
export async function serveBuild(page: Page, dir: string): Promise<void> {
  await page.route(
    (url) => !url.pathname.startsWith('/api/') && url.pathname !== '/healthz',
    (route) => {
      const path = new URL(route.request().url()).pathname;
      let file = join(dir, normalize(path));
      if (!existsSync(file) || statSync(file).isDirectory()) file = join(dir, 'index.html');
      void route.fulfill({
        body: readFileSync(file),
        contentType: CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      });
    },
  );
}
