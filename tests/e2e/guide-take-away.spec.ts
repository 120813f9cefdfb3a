import { expect, test, type Page } from '@playwright/test';
import {
  expectNoAxeViolations,
  openKiosk,
  printedReceipts,
  printerState,
  resetDevicesBeforeEach,
  screen,
  setPrinter,
} from './helpers.js';
import { words } from './steps.js';

resetDevicesBeforeEach();

/** Script files the page has fetched so far. */
const scripts = (page: Page): Promise<string[]> =>
  page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((e) => (e as PerformanceResourceTiming).initiatorType !== 'fetch')
      .map((e) => e.name)
      .filter((name) => name.endsWith('.js')),
  );

/** From home to 社保卡挂失补换's guide, then 带走指南 with its code drawn. */
async function takeAwayLostCard(page: Page): Promise<void> {
  await page.getByRole('button', { name: '办事指南 · 业务办理' }).click();
  await page.getByRole('button', { name: /标准模式/ }).click();
  await page.getByRole('button', { name: '人社', exact: true }).click();
  await page.getByRole('button', { name: '社保卡挂失补换' }).click();
  await screen(page, 'service-guide');
  await page.getByRole('button', { name: words('zh-CN', 'guide.takeAway'), exact: true }).click();
  await screen(page, 'guide-take-away');
  await expect(page.locator('[data-qr="ready"]')).toBeVisible();
}

test('a guide goes to a phone as a QR code loaded only then, and prints without one', async ({
  page,
  request,
}) => {
  await openKiosk(page);
  const onHome = await scripts(page);
  expect(onHome.length).toBeGreaterThan(0);
  await takeAwayLostCard(page);

  // The encoder came with the take-away, not with the home screen.
  const later = (await scripts(page)).filter((url) => !onHome.includes(url));
  expect(later.length, 'a script chunk fetched for the code').toBeGreaterThan(0);

  // The code is named for what it does, and what it holds is on no text of the page.
  const code = page.getByRole('img', { name: words('zh-CN', 'guide.qrLabel') });
  await expect(code).toBeVisible();
  const text = (await page.locator('main').textContent()) ?? '';
  expect(text).not.toContain('要带的材料');
  expect(text).toContain(words('zh-CN', 'guide.qrHint'));
  await expectNoAxeViolations(page, 'guide-take-away');

  // The simulator shows its last five slips: one more was printed, and it is this guide.
  const printedNext = async (before: string[]) => {
    await expect
      .poll(async () => (await printedReceipts(request)).slice(0, -1), { timeout: 15_000 })
      .toEqual(before.slice(before.length === 5 ? 1 : 0));
    return (await printedReceipts(request)).at(-1)!;
  };
  const before = await printedReceipts(request);
  await page.getByRole('button', { name: words('zh-CN', 'guide.print'), exact: true }).click();
  await expect(page.getByText(words('zh-CN', 'guide.printed'))).toBeVisible({ timeout: 15_000 });
  const slip = await printedNext(before);
  expect(slip).toContain('办事指南');
  expect(slip).toContain('社保卡挂失补换');
  expect(slip).toContain('【办理步骤】');
  expect(slip).not.toContain('[QR');

  // One more copy, then no more this visit.
  const first = await printedReceipts(request);
  await page.getByRole('button', { name: words('zh-CN', 'guide.printAgain'), exact: true }).click();
  expect(await printedNext(first)).toContain('【办理步骤】');
  await expect(page.getByRole('button', { name: words('zh-CN', 'guide.printAgain') })).toHaveCount(
    0,
  );
});

test('with the printer out of paper, the take-away offers the code alone and says why', async ({
  page,
  request,
}) => {
  await openKiosk(page);
  await expect.poll(() => printerState(request), { timeout: 20_000 }).toBe('ready');
  await setPrinter(request, { paper: 'out' });
  await expect.poll(() => printerState(request), { timeout: 20_000 }).toBe('no-paper');
  await takeAwayLostCard(page);
  await expect(page.getByText(words('zh-CN', 'guide.noPrinter'))).toBeVisible();
  await expect(page.getByRole('button', { name: words('zh-CN', 'guide.print') })).toHaveCount(0);

  // Paper back: the print is offered again, without leaving the screen.
  await setPrinter(request, { paper: 'ok' });
  await expect(
    page.getByRole('button', { name: words('zh-CN', 'guide.print'), exact: true }),
  ).toBeVisible({ timeout: 20_000 });
});

test('in high contrast the code stays black on white, and passes axe', async ({ page }) => {
  await openKiosk(page);
  await page.getByRole('button', { name: words('zh-CN', 'header.highContrast') }).click();
  await takeAwayLostCard(page);
  const colours = await page.locator('[data-qr="ready"] svg').evaluate((svg) => ({
    paper: getComputedStyle(svg.querySelector('rect')!).fill,
    ink: getComputedStyle(svg.querySelector('path')!).fill,
  }));
  expect(colours).toEqual({ paper: 'rgb(255, 255, 255)', ink: 'rgb(0, 0, 0)' });
  await expectNoAxeViolations(page, 'guide-take-away (高对比度)');
});
