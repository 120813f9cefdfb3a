import { expect, test, type Page } from '@playwright/test';
import { expectNoClippedText } from './clipped-text.js';
import {
  openKiosk,
  printerState,
  removeCard,
  resetDevicesAroundEach,
  screen,
  setPrinter,
} from './helpers.js';
import {
  expectFits,
  expectFullPage,
  expectMillimetreBar,
  expectSpeechControlsClear,
  LIST_SCREENS,
  measure,
  measureList,
  PROFILES,
  saveScreenshot,
  type ProfileName,
} from './screen-checks.js';
import { applyFailures, applyWithoutPrinter, JOURNEYS, type Walk } from './journeys.js';
import { chooseQueue, keypad, pageTo, placeCard } from './steps.js';

/**
 * The journeys in English, whose words are longer than the Chinese, at every text size on both
 * kinds of terminal, and at 特大 and 超大 the states the journeys do not reach (a card the reader
 * cannot read, a wrong ID number, the slip that did not print, the idle warning). Each screen fits
 * the glass, meets the millimetre bar and cuts no word (docs/accessibility.md, "Screen profiles").
 * The journeys are those of journeys.ts, worded as an English-speaking resident reads them.
 */

resetDevicesAroundEach();

/** The header's sizes in English, in the order its Size button goes through them. */
const SIZES = ['standard', 'large', 'larger', 'largest'] as const;
type Size = (typeof SIZES)[number];

/** Home in English at `size`. */
async function openInEnglish(page: Page, size: Size): Promise<void> {
  await openKiosk(page);
  await page.getByRole('button', { name: 'English', exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  for (let taps = 0; taps < SIZES.length; taps++) {
    if ((await page.getByRole('button', { name: `Size: ${size}` }).count()) > 0) break;
    await page.getByRole('button', { name: /^Size:/ }).click();
  }
  await expect(page.getByRole('button', { name: `Size: ${size}` })).toBeVisible();
}

const IN_ENGLISH: Walk = { language: 'en', detours: true };

for (const profileName of Object.keys(PROFILES) as ProfileName[]) {
  const profile = PROFILES[profileName];
  test.describe(`in English, ${profileName} ${profile.label}`, () => {
    test.use({ viewport: profile.viewport });
    test.describe.configure({ timeout: 300_000 });

    const checker = (page: Page, size: Size) => {
      let shot = 0;
      return async (name: string) => {
        await screen(page, name);
        const where = `${name} (English, ${profileName}, ${size})`;
        shot++;
        const tag = `${String(shot).padStart(2, '0')}-${name}`;
        await saveScreenshot(page, `${profileName}-en-${size.replace(' ', '-')}-${tag}`);
        const m = await measure(page, profile.mmPerPx);
        expectMillimetreBar(m, where);
        expectFits(m, where);
        if (LIST_SCREENS.has(name)) expectFullPage(await measureList(page, profile.mmPerPx), where);
        await expectNoClippedText(page, where);
      };
    };

    for (const size of SIZES) {
      test(`every journey at ${size}: every screen fits, meets the bar and cuts no word`, async ({
        page,
        request,
      }) => {
        const visit = checker(page, size);
        for (const journey of JOURNEYS) {
          await test.step(journey.name, async () => {
            // Every way home puts Chinese and 标准 back: each journey chooses them again.
            await openInEnglish(page, size);
            await journey.run(page, request, 'standard', visit, IN_ENGLISH);
          });
        }
      });
    }

    test('at largest, the read-aloud controls keep their words and stay clear of the screen and its step', async ({
      page,
    }) => {
      await openInEnglish(page, 'largest');
      await page.getByRole('button', { name: 'Speech: off' }).click();
      const controls = page.getByRole('group', { name: 'Read-aloud controls' });
      await expect(controls).toBeVisible();
      // The volume's longest level, as wide as its button gets.
      const volume = controls.getByRole('button', { name: /^Volume/ });
      await expect(volume).toHaveText('Volume: medium');
      await expectSpeechControlsClear(page, 'home (English, largest)');
      await chooseQueue(page, /General enquiries/, 'en');
      await screen(page, 'identify');
      await expect(page.locator('main .step')).toBeVisible();
      await expectSpeechControlsClear(page, 'identify (English, largest)');
      const m = await measure(page, profile.mmPerPx);
      expectMillimetreBar(m, 'identify (English, largest, read-aloud)');
      expectFits(m, 'identify (English, largest, read-aloud)');
      for (const button of await controls.getByRole('button').all()) {
        const box = (await button.boundingBox())!;
        const words = await button.evaluate((b) => {
          const range = document.createRange();
          range.selectNodeContents(b);
          const r = range.getBoundingClientRect();
          return { left: r.left, right: r.right };
        });
        const name = await button.innerText();
        // Half a pixel of anti-aliasing either side is not a cut word.
        expect(words.left, `${name}: its word inside its button`).toBeGreaterThanOrEqual(box.x - 1);
        expect(words.right, `${name}: its word inside its button`).toBeLessThanOrEqual(
          box.x + box.width + 1,
        );
      }
    });

    test("at largest, an application's submission not made, refused, and already made", async ({
      page,
    }) => {
      await openInEnglish(page, 'largest');
      await applyFailures(page, checker(page, 'largest'), IN_ENGLISH);
    });

    test("at largest, an application's confirmation while the printer is out of paper", async ({
      page,
      request,
    }) => {
      await openInEnglish(page, 'largest');
      await applyWithoutPrinter(page, request, checker(page, 'largest'), IN_ENGLISH);
    });

    for (const size of ['larger', 'largest'] as const) {
      test(`at ${size}, a card hint, a wrong ID number, the slip that did not print and the idle warning`, async ({
        page,
        request,
      }) => {
        const visit = checker(page, size);
        await openInEnglish(page, size);
        await chooseQueue(page, /General enquiries/, 'en');
        await screen(page, 'identify');
        await placeCard(request, 'place-badly');
        await expect(page.getByRole('main').locator('.notice')).toBeVisible();
        await visit('identify');
        await removeCard(request);

        await page.getByRole('button', { name: /Enter ID number/ }).click();
        // GB 11643's example with its check character changed: the longest problem text.
        await keypad(page, '110105194912310021', 'en');
        await page.getByRole('button', { name: 'Confirm', exact: true }).click();
        await expect(page.getByRole('main')).toContainText('does not match');
        await visit('enter-id-number');

        await setPrinter(request, { paper: 'out' });
        await expect.poll(() => printerState(request), { timeout: 20_000 }).toBe('no-paper');
        await page.clock.install();
        await openInEnglish(page, size);
        await page.getByRole('button', { name: 'Take a ticket', exact: true }).click();
        await visit('printer-out');
        await page.getByRole('button', { name: 'Continue', exact: true }).click();
        await screen(page, 'choose-service');
        const queue = page.getByRole('button', { name: /General enquiries/ });
        await pageTo(page, queue, 'en');
        await queue.click();
        await page.getByRole('button', { name: /Skip and take a ticket/ }).click();
        await page.getByRole('button', { name: 'No', exact: true }).click();
        await expect(page.getByRole('alert')).toContainText('The printer was not working');
        await visit('slip-not-printed');
        await setPrinter(request, { paper: 'ok' });
        await expect(page.getByRole('button', { name: 'Print again' })).toBeVisible({
          timeout: 20_000,
        });
        await visit('slip-not-printed');

        await page.clock.fastForward(120_000);
        await visit('idle-warning');
      });
    }
  });
}
