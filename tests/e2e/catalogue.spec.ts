import { expect, test, type Page } from '@playwright/test';
import {
  expectNoAxeViolations,
  openKiosk,
  resetDevicesBeforeEach,
  screen,
  skipRating,
} from './helpers.js';

// A landscape terminal: 1920x1080, as most 21.5" kiosks stand.
test.use({ viewport: { width: 1920, height: 1080 } });

resetDevicesBeforeEach();

/**
 * Nothing below the fold: long lists page instead (docs/accessibility.md). Measured on the
 * resident's part of the page, above the development panel that e2e runs show.
 */
async function expectNoScrolling(page: Page, where: string): Promise<void> {
  const { bottom, view } = await page.evaluate(() => ({
    bottom: Math.max(
      ...Array.from(document.querySelectorAll('main *')).map(
        (e) => e.getBoundingClientRect().bottom,
      ),
    ),
    view: window.innerHeight,
  }));
  expect(bottom, `${where} fits the screen without scrolling`).toBeLessThanOrEqual(view);
}

async function check(page: Page, name: string, fits = true): Promise<void> {
  await screen(page, name);
  if (fits) await expectNoScrolling(page, name);
  await expectNoAxeViolations(page, name);
  await page.screenshot({ path: `tests/.output/screens/catalogue-${name}.png` });
}

test('in elder mode a resident finds a 医保 service, reads its guide and takes a ticket from it', async ({
  page,
}) => {
  await openKiosk(page);
  await check(page, 'home');
  await page.getByRole('button', { name: '办事指南 · 业务办理' }).click();
  await check(page, 'choose-mode');
  await page.getByRole('button', { name: /长辈模式/ }).click();
  await check(page, 'catalogue');
  // Elder mode's text is larger: 特大.
  await expect(page.getByRole('button', { name: '字号：特大' })).toBeVisible();
  await page.getByRole('button', { name: '医保', exact: true }).click();
  await check(page, 'category-services');
  await page.getByRole('button', { name: '异地就医备案' }).click();
  await check(page, 'service-guide');
  await expect(page.getByRole('heading', { name: '办理什么' })).toBeVisible();
  // Read to the end, a page at a time.
  const next = page.getByRole('button', { name: '下一页' });
  while (await next.isEnabled()) {
    await next.click();
    await expectNoScrolling(page, 'a page of the guide');
  }
  await expect(page.getByRole('heading', { name: /在哪里办/ })).toBeVisible();
  await page.getByRole('button', { name: '排队取号（医保业务）' }).click();
  // The take-ticket flow starts on the guide's queue: the card step. Its screens are that
  // flow's; they keep the resident's elder text size.
  await check(page, 'identify', false);
  await expect(page.getByRole('button', { name: '字号：特大' })).toBeVisible();
  await page.getByRole('button', { name: /跳过/ }).click();
  await check(page, 'ask-priority', false);
  await page.getByRole('button', { name: '不需要' }).click();
  await check(page, 'ticket-shown', false);
  await expect(page.getByTestId('ticket-number')).toHaveText(/^B\d+$/);
  await expect(page.locator('main').getByText('医保业务')).toBeVisible();
  await page.getByRole('button', { name: '完成' }).click();
  // 好差评, still at the resident's elder text size.
  await check(page, 'rate-level');
  await skipRating(page);
  await expect(page.getByRole('button', { name: '字号：标准' })).toBeVisible();
});

test('a resident searches by pinyin initials on the keypad', async ({ page }) => {
  await openKiosk(page);
  await page.getByRole('button', { name: '办事指南 · 业务办理' }).click();
  await page.getByRole('button', { name: /标准模式/ }).click();
  await page.getByRole('button', { name: '按拼音查找' }).click();
  await check(page, 'search');
  for (const letter of ['S', 'B', 'K']) {
    await page.getByRole('button', { name: letter, exact: true }).click();
  }
  await page.getByRole('button', { name: '查看 1 项' }).click();
  await check(page, 'search-results');
  await page.getByRole('button', { name: '社保卡挂失补换' }).click();
  await screen(page, 'service-guide');
  await page.getByRole('button', { name: '返回' }).click();
  await screen(page, 'search-results');
  await page.getByRole('button', { name: '首页' }).click();
  await screen(page, 'home');
});

test('every catalogue screen fits 1920x1080 at each text size, paging where it must', async ({
  page,
}) => {
  await openKiosk(page);
  await page.getByRole('button', { name: '排队取号' }).click();
  for (const label of ['标准', '大', '特大', '超大']) {
    if (label !== '标准') await page.getByRole('button', { name: /^字号/ }).click();
    await expect(page.getByRole('button', { name: `字号：${label}` })).toBeVisible();
    await screen(page, 'choose-service');
    await expectNoScrolling(page, `choose-service at ${label}`);
  }
  // The fourth queue is reachable at the largest size, a page on.
  while (!(await page.getByRole('button', { name: /综合咨询/ }).isVisible())) {
    await page.getByRole('button', { name: '下一页' }).click();
  }
  await page.getByRole('button', { name: '返回首页' }).click();
  await screen(page, 'home');

  await page.getByRole('button', { name: '办事指南 · 业务办理' }).click();
  await page.getByRole('button', { name: /标准模式/ }).click();
  for (const label of ['标准', '大', '特大', '超大']) {
    if (label !== '标准') await page.getByRole('button', { name: /^字号/ }).click();
    await screen(page, 'catalogue');
    await expectNoScrolling(page, `catalogue at ${label}`);
  }
  // At the largest size the categories take two pages: the search is on the second, 民政 on the
  // first.
  await page.getByRole('button', { name: '下一页' }).click();
  await expect(page.getByRole('button', { name: '按拼音查找' })).toBeVisible();
  await page.getByRole('button', { name: '上一页' }).click();
  await page.getByRole('button', { name: '民政', exact: true }).click();
  await expectNoScrolling(page, 'category-services at 超大');
  await expectNoAxeViolations(page, 'category-services at 超大');
  await page.getByRole('button', { name: /^下一页$/ }).click();
  await expectNoScrolling(page, 'the next page of category-services at 超大');
});
