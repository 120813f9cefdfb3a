import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { REPO_ROOT } from '../../scripts/stack.js';
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
import { IDLE_WORK_DONE } from '../../kiosk-ui/src/lib/idle-work-mark.js';

resetDevicesBeforeEach();

/** Script files the page has fetched so far, from `since` on (ms after navigation start). */
const scripts = (page: Page, since = 0): Promise<string[]> =>
  page.evaluate(
    (from) =>
      performance
        .getEntriesByType('resource')
        .filter((e) => (e as PerformanceResourceTiming).initiatorType !== 'fetch')
        .filter((e) => e.startTime >= from)
        .map((e) => e.name)
        .filter((name) => name.endsWith('.js')),
    since,
  );

/** When the kiosk marked its idle work done, once it has (ms after navigation start). */
async function idleWorkDone(page: Page): Promise<number> {
  const at = () =>
    page.evaluate(
      (mark) => performance.getEntriesByName(mark)[0]?.startTime ?? null,
      IDLE_WORK_DONE,
    );
  await expect.poll(at, { timeout: 30_000 }).not.toBeNull();
  return (await at())!;
}

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

test('a guide goes to a phone as a QR code, its encoder loaded after the first load, and prints without one', async ({
  page,
  request,
}) => {
  await openKiosk(page);
  // The encoder is not part of the first load: it is fetched once the kiosk's idle work is done
  // (a fetch started after the idle mark).
  const idle = await idleWorkDone(page);
  const encoder = async () => {
    for (const url of await scripts(page, idle)) {
      if ((await (await page.request.get(url)).text()).includes('as encodeQR')) return url;
    }
    return null;
  };
  await expect.poll(encoder, { message: 'the encoder fetched after the idle work' }).not.toBeNull();
  await takeAwayLostCard(page);

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

test('where the encoder cannot be loaded, the take-away says there is no code instead of asking for a scan', async ({
  page,
}) => {
  // The encoder's chunk, and only it, does not load (as when the agent cannot serve it): found
  // in the build the agent serves, by the name it exports.
  const chunks = join(REPO_ROOT, 'kiosk-ui/build/_app/immutable/chunks');
  const encoder = readdirSync(chunks).filter((name) =>
    readFileSync(join(chunks, name), 'utf8').includes('as encodeQR'),
  );
  expect(encoder).toHaveLength(1);
  await page.route(`**/_app/immutable/chunks/${encoder[0]}`, (route) => route.abort());
  await openKiosk(page);
  await page.getByRole('button', { name: '办事指南 · 业务办理' }).click();
  await page.getByRole('button', { name: /标准模式/ }).click();
  await page.getByRole('button', { name: '人社', exact: true }).click();
  await page.getByRole('button', { name: '社保卡挂失补换' }).click();
  await page.getByRole('button', { name: words('zh-CN', 'guide.takeAway'), exact: true }).click();
  await expect(page.locator('[data-qr="failed"]')).toBeVisible();
  await expect(page.getByText(words('zh-CN', 'qr.unavailable'))).toBeVisible();
  await expect(page.getByText(words('zh-CN', 'guide.qrHint'))).toHaveCount(0);
  // The print is still offered, and the screen passes axe.
  await expect(
    page.getByRole('button', { name: words('zh-CN', 'guide.print'), exact: true }),
  ).toBeVisible();
  await expectNoAxeViolations(page, 'guide-take-away (no code)');
});
