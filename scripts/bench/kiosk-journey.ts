/** The resident's path in a real browser: touch 排队取号 -> service -> card read -> ticket shown. */
import { chromium } from '@playwright/test';
import { SAMPLE_IDENTITIES } from '../../device-agent/src/id-card/index.js';
import { CHROMIUM_LAUNCH_OPTIONS } from '../chromium.js';
import { startStack } from '../stack.js';
import { ms, stats, temp } from './shared.js';

export async function benchKioskJourney(runs = 10): Promise<string> {
  const stack = await startStack({
    dataDir: temp('stack'),
    output: { logDir: temp('stack-logs') },
  });
  const browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
  const card = (body: unknown) =>
    fetch(`${stack.urls.agent}/api/v1/dev/id-card`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  try {
    const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      await page.goto(stack.urls.kiosk);
      await page.locator('[data-screen="home"]').waitFor();
      await card({ action: 'remove' });
      await card({ action: 'place', key: SAMPLE_IDENTITIES[0]!.key });
      const t0 = performance.now();
      await page.getByRole('button', { name: '排队取号' }).click();
      await page.getByRole('button', { name: /社保业务/ }).click();
      await page.locator('[data-screen="ticket-shown"]').waitFor();
      samples.push(performance.now() - t0);
    }
    const s = stats(samples);
    return `kiosk in Chromium, touch 排队取号 to ticket shown (card already on the reader, elderly: no priority question): p50 ${ms(s.p50)}, max ${ms(s.max)} over ${s.n} runs`;
  } finally {
    await browser.close();
    await stack.stop();
  }
}
