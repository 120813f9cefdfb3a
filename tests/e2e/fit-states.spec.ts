import { expect, test, type Page } from '@playwright/test';
import {
  openKiosk,
  printerState,
  removeCard,
  resetDevicesAroundEach,
  screen,
  setPrinter,
  urls,
} from './helpers.js';
import { translate } from '../../kiosk-ui/src/lib/i18n/translate.js';
import type { PlainKey } from '../../kiosk-ui/src/lib/i18n/catalogue.js';
import type { Language } from '../../kiosk-ui/src/lib/i18n/languages.js';
import { applyFailures, applyWithoutPrinter, JOURNEYS } from './journeys.js';
import { setTextStep, type TextStep } from './steps.js';
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
 * Every text size on both kinds of terminal, beyond the steps the other specs walk (标准 and 特大
 * in profiles.spec.ts, 超大 in read-aloud.spec.ts): the journeys at 大, and at 特大 and 超大 what
 * the journeys do not reach: a card the reader cannot read, a wrong ID number, the slip that did
 * not print, the idle warning. Each screen fits the glass and meets the millimetre bar
 * (docs/accessibility.md, "Screen profiles").
 */

resetDevicesAroundEach();

const STEPS: TextStep[] = ['特大', '超大'];

/**
 * Into the queue 综合咨询, turning the list's pages where it does not show on the first.
 * `printerOut`: the printer is faulted, so the kiosk first says so; checked, then gone on from.
 */
async function chooseQueue(page: Page, printerOut?: () => Promise<void>): Promise<void> {
  await page.getByRole('button', { name: '排队取号' }).click();
  if (printerOut) {
    await printerOut();
    await page.getByRole('button', { name: '继续取号' }).click();
  }
  const queue = page.getByRole('button', { name: /综合咨询/ });
  await screen(page, 'choose-service');
  while (!(await queue.isVisible())) {
    await page.getByRole('button', { name: '下一页', exact: true }).click();
  }
  await queue.click();
}

/** The header's text sizes: taps of its size button from 标准, which every way home puts back. */
const SIZE_TAPS = [0, 1, 2, 3];
/** A category with six services (config/defaults/services.json), by its name per language. */
const LONG_CATEGORY: Record<Language, string> = {
  'zh-CN': '人社',
  en: 'Jobs & social security',
};

/** Home in `language` at the size `taps` taps of the header's size button away from 标准. */
async function homeAt(page: Page, language: Language, taps: number): Promise<void> {
  await screen(page, 'home');
  if (language === 'en') await page.getByRole('button', { name: 'English', exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', language);
  for (let tap = 0; tap < taps; tap++) {
    const before = await page.locator('html').getAttribute('style');
    await page.getByRole('button', { name: /^(字号|Size:)/ }).click();
    await expect(page.locator('html')).not.toHaveAttribute('style', before ?? '');
  }
}

for (const profileName of Object.keys(PROFILES) as ProfileName[]) {
  const profile = PROFILES[profileName];
  test.describe(`${profileName} ${profile.label}`, () => {
    test.use({ viewport: profile.viewport });
    test.describe.configure({ timeout: 120_000 });

    /** `picture`: the saved picture's name, where one screen is checked in two states. */
    const check = async (page: Page, name: string, step: TextStep, picture = name) => {
      await screen(page, name);
      const where = `${name} (${profileName}, ${step})`;
      await saveScreenshot(page, `${profileName}-${step}-${picture}`);
      const m = await measure(page, profile.mmPerPx);
      expectMillimetreBar(m, where);
      expectFits(m, where);
    };

    for (const language of ['zh-CN', 'en'] as Language[]) {
      test(`in ${language} at every text size, the queue list and a category's services show as many rows as fit`, async ({
        page,
      }) => {
        const words = (key: PlainKey) => translate(language, key);
        const checkList = async (name: string, taps: number) => {
          await screen(page, name);
          const where = `${name} (${language}, ${profileName}, size ${taps + 1})`;
          await saveScreenshot(page, `${profileName}-${language}-size${taps + 1}-${name}`);
          const m = await measure(page, profile.mmPerPx);
          expectMillimetreBar(m, where);
          expectFits(m, where);
          const list = await measureList(page, profile.mmPerPx);
          test.info().annotations.push({
            type: 'rows',
            description: `${where}: ${list.rows} rows, ${list.spareMm.toFixed(1)} mm below them`,
          });
          expectFullPage(list, where);
        };
        await openKiosk(page);
        for (const taps of SIZE_TAPS) {
          await homeAt(page, language, taps);
          await page.getByRole('button', { name: words('home.takeTicket') }).click();
          await checkList('choose-service', taps);
          await page.getByRole('button', { name: words('nav.backHome'), exact: true }).click();

          await homeAt(page, language, taps);
          await page.getByRole('button', { name: words('home.browse') }).click();
          await screen(page, 'choose-mode');
          await page.getByRole('button', { name: words('chooseMode.standard') }).click();
          await screen(page, 'catalogue');
          const category = page.getByRole('button', { name: LONG_CATEGORY[language], exact: true });
          while (!(await category.isVisible())) {
            await page.getByRole('button', { name: words('nav.next'), exact: true }).click();
          }
          await category.click();
          await checkList('category-services', taps);
          await page.getByRole('button', { name: words('nav.home'), exact: true }).click();
        }
      });
    }

    for (const journey of JOURNEYS) {
      test(`${journey.name} at 大: every screen fits and meets the bar`, async ({
        page,
        request,
      }) => {
        await openKiosk(page);
        await setTextStep(page, '大');
        await journey.run(page, request, 'standard', (name) => check(page, name, '大'));
      });
    }

    for (const step of STEPS) {
      test(`at ${step}, a card the reader cannot read and a wrong ID number fit the glass`, async ({
        page,
        request,
      }) => {
        await openKiosk(page);
        await setTextStep(page, step);
        await chooseQueue(page);
        await screen(page, 'identify');
        const reply = await request.post(`${urls().agent}/api/v1/dev/id-card`, {
          data: { action: 'place-badly' },
        });
        expect(reply.ok()).toBe(true);
        await expect(page.getByRole('main').locator('.notice')).toBeVisible();
        await check(page, 'identify', step);
        await removeCard(request);

        await page.getByRole('button', { name: /输入身份证号码/ }).click();
        const pad = page.getByRole('group', { name: '数字键盘' });
        // GB 11643's example with its check character changed: the longest problem text.
        for (const key of '110105194912310021') {
          await pad.getByRole('button', { name: key, exact: true }).click();
        }
        await page.getByRole('button', { name: '确认', exact: true }).click();
        await expect(page.getByRole('main')).toContainText('校验码');
        await check(page, 'enter-id-number', step);
      });

      test(`at ${step}, the slip that did not print and the idle warning fit the glass`, async ({
        page,
        request,
      }) => {
        await setPrinter(request, { paper: 'out' });
        await expect.poll(() => printerState(request), { timeout: 20_000 }).toBe('no-paper');
        await page.clock.install();
        await openKiosk(page);
        await setTextStep(page, step);
        await chooseQueue(page, () => check(page, 'printer-out', step));
        await page.getByRole('button', { name: /跳过/ }).click();
        await page.getByRole('button', { name: '不需要' }).click();
        await expect(page.getByRole('alert')).toContainText('没有凭条');
        await check(page, 'slip-not-printed', step);
        await setPrinter(request, { paper: 'ok' });
        await expect(page.getByRole('button', { name: '重新打印' })).toBeVisible({
          timeout: 20_000,
        });
        await check(page, 'slip-not-printed', step, 'slip-not-printed-reprint');

        await page.clock.fastForward(120_000);
        await check(page, 'idle-warning', step);
      });

      test(`at ${step}, an application's confirmation while the printer is out of paper fits the glass`, async ({
        page,
        request,
      }) => {
        await openKiosk(page);
        await setTextStep(page, step);
        await applyWithoutPrinter(page, request, (name) => check(page, name, step), {
          language: 'zh-CN',
          detours: false,
        });
      });

      test(`at ${step}, an application not submitted, refused, and already submitted fit the glass`, async ({
        page,
      }) => {
        await openKiosk(page);
        await setTextStep(page, step);
        await applyFailures(page, (name) => check(page, name, step), {
          language: 'zh-CN',
          detours: false,
        });
      });
    }
  });
}
