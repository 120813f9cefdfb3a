import { expect, test, type Page } from '@playwright/test';
import type { KioskInfo } from '@bianmin/contract';
import { openKiosk, recordSpeech, resetDevicesBeforeEach, screen } from './helpers.js';
import { setTextStep } from './steps.js';
import {
  expectFits,
  expectFullPage,
  expectMillimetreBar,
  measure,
  measureList,
  PROFILES,
  saveScreenshot,
  type ProfileName,
} from './screen-checks.js';

/**
 * A list longer than any of the demo catalogue's, at 超大 with read-aloud on: on portrait the row
 * of read-aloud controls stands between the header and the list, and every page of the list still
 * fits the glass and is full (docs/accessibility.md, "Screen profiles"). The kiosk is given the
 * longer list by adding services to one category of the agent's own reply.
 */

resetDevicesBeforeEach();

/** The category the services are added to, and how many: more than two portrait pages at 超大. */
const CATEGORY = { id: 'human-resources', name: '人社' };
const ADDED = 30;

async function withLongCategory(page: Page): Promise<void> {
  await page.route('**/api/v1/kiosk', async (route) => {
    const reply = await route.fetch();
    const info = (await reply.json()) as KioskInfo;
    const model = info.catalogue.services.find((s) => s.category === CATEGORY.id)!;
    const added = Array.from({ length: ADDED }, (_, i) => ({
      ...model,
      id: `${model.id}-${i + 1}`,
      name: { 'zh-CN': `${model.name['zh-CN']}${i + 1}` },
    }));
    const catalogue = { ...info.catalogue, services: [...info.catalogue.services, ...added] };
    await route.fulfill({ response: reply, json: { ...info, catalogue } });
  });
}

for (const profileName of Object.keys(PROFILES) as ProfileName[]) {
  const profile = PROFILES[profileName];
  test(`${profileName} ${profile.label}: a long list at 超大 with read-aloud on fits the glass on every page`, async ({
    page,
  }) => {
    await page.setViewportSize(profile.viewport);
    await withLongCategory(page);
    await recordSpeech(page);
    await openKiosk(page);
    await page.getByRole('button', { name: '办事指南 · 业务办理' }).click();
    await page.getByRole('button', { name: /标准模式/ }).click();
    await screen(page, 'catalogue');
    await setTextStep(page, '超大');
    await page.getByRole('button', { name: CATEGORY.name, exact: true }).click();
    await screen(page, 'category-services');
    const withoutControls = await measureList(page, profile.mmPerPx);

    await page.getByRole('button', { name: '朗读：关' }).click();
    await expect(page.getByRole('group', { name: '朗读控制' })).toBeVisible();
    const next = page.getByRole('button', { name: '下一页' });
    for (let shown = 1; ; shown++) {
      const where = `page ${shown} of the long list (${profileName}, 超大, read-aloud)`;
      await saveScreenshot(page, `${profileName}-long-list-read-aloud-${shown}`);
      const m = await measure(page, profile.mmPerPx);
      expectMillimetreBar(m, where);
      expectFits(m, where);
      const list = await measureList(page, profile.mmPerPx);
      expectFullPage(list, where);
      if (shown === 1) {
        expect(list.paged, 'the list pages').toBe(true);
        // Portrait gives the controls' row a row of the list; landscape sets them in the margin.
        if (profileName === 'portrait') expect(list.rows).toBeLessThan(withoutControls.rows);
        else expect(list.rows).toBe(withoutControls.rows);
      }
      if (!(await next.isEnabled())) break;
      await next.click();
    }
  });
}
