/**
 * `npm run docs:screenshots`: starts the stack on free ports and saves the README's pictures
 * of the kiosk and the centre to docs/images/. Needs a built UI and Debian's chromium.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_LAUNCH_OPTIONS } from './chromium.js';
import { REPO_ROOT, startStack } from './stack.js';

const out = (name: string) => join(REPO_ROOT, 'docs/images', name);
const stack = await startStack({
  dataDir: mkdtempSync(join(tmpdir(), 'bianmin-shots-')),
  output: { logDir: join(tmpdir(), 'bianmin-shots-logs') },
});
const browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
try {
  const page = await browser.newPage({ viewport: { width: 1080, height: 1920 }, locale: 'zh-CN' });
  await page.goto(stack.urls.kiosk);
  await page.locator('[data-screen="home"]').waitFor();
  await page.screenshot({ path: out('kiosk-home.png') });
  await page.getByRole('button', { name: '排队取号' }).click();
  await page.locator('[data-screen="choose-service"]').waitFor();
  await page.screenshot({ path: out('kiosk-choose-service.png') });
  await page.getByRole('button', { name: /社保业务/ }).click();
  await page.locator('[data-screen="identify"]').waitFor();
  await page.screenshot({ path: out('kiosk-identify.png') });
  await page.getByRole('button', { name: '放置身份证' }).click();
  await page.locator('[data-screen="ticket-shown"]').waitFor();
  await page.getByTestId('last-receipt').waitFor();
  await page.screenshot({ path: out('kiosk-ticket.png'), fullPage: true });
  await page.waitForTimeout(3000);
  await page.goto(stack.urls.central);
  await page.setViewportSize({ width: 1400, height: 700 });
  await page.screenshot({ path: out('centre.png') });
  console.log('saved docs/images/*.png');
} finally {
  await browser.close();
  await stack.stop();
}
