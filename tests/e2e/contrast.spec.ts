import { expect, test, type Page } from '@playwright/test';
import {
  expectNoAxeViolations,
  openKiosk,
  resetDevicesBeforeEach,
  screen,
  skipRating,
  takeTicketWithoutCard,
} from './helpers.js';
import { JOURNEYS } from './journeys.js';
import { PROFILES, saveScreenshot, type ProfileName } from './screen-checks.js';
import { textContrasts } from './text-contrast.js';

/** The bars of docs/accessibility.md: the default theme >= 10:1, high contrast near 20:1. */
const MIN_RATIO = { default: 10, 'high-contrast': 15 } as const;
type Theme = keyof typeof MIN_RATIO;

async function expectContrast(page: Page, theme: Theme, where: string): Promise<number> {
  const contrasts = await textContrasts(page);
  expect(contrasts.length, `text on ${where}`).toBeGreaterThan(3);
  for (const { text, ratio } of contrasts) {
    expect(ratio, `"${text}) on ${where} in the ${theme} theme`).toBeGreaterThanOrEqual(
      MIN_RATIO[theme],
    );
  }
  const lowest = Math.min(...contrasts.map((c) => c.ratio));
  test.info().annotations.push({
    type: 'lowest contrast',
    description: `${where}, ${theme}: ${lowest.toFixed(2)}:1`,
  });
  return lowest;
}

async function chooseTheme(page: Page, theme: Theme) {
  const toggle = page.getByRole('button', { name: '高对比度' });
  if ((await toggle.getAttribute('aria-pressed')) !== String(theme === 'high-contrast')) {
    await toggle.click();
  }
  await expect(page.locator(`html[data-theme="${theme}"]`)).toHaveCount(1);
  await expect(toggle).toHaveAttribute('aria-pressed', String(theme === 'high-contrast'));
}

test('every text on the home and service-list screens meets the contrast bar of each theme', async ({
  page,
}) => {
  const lowest: Record<Theme, number> = { default: Infinity, 'high-contrast': Infinity };
  for (const theme of ['default', 'high-contrast'] as const) {
    await openKiosk(page);
    await chooseTheme(page, theme);
    const home = await expectContrast(page, theme, 'home');
    await page.getByRole('button', { name: '排队取号' }).click();
    await screen(page, 'choose-service');
    const list = await expectContrast(page, theme, 'choose-service');
    lowest[theme] = Math.min(home, list);
    if (theme === 'high-contrast') await expectNoAxeViolations(page, 'choose-service (高对比度)');
  }
  console.log(
    `lowest text contrast: default ${lowest.default.toFixed(2)}:1, ` +
      `high contrast ${lowest['high-contrast'].toFixed(2)}:1`,
  );
});

test('high contrast passes axe on home, goes with the resident into taking a ticket, and is off for the next resident', async ({
  page,
}) => {
  await openKiosk(page);
  await chooseTheme(page, 'high-contrast');
  await expectNoAxeViolations(page, 'home (高对比度)');
  await takeTicketWithoutCard(page);
  await expect(page.locator('html[data-theme="high-contrast"]')).toHaveCount(1);
  await expectContrast(page, 'high-contrast', 'ticket-shown');
  await expectNoAxeViolations(page, 'ticket-shown (高对比度)');
  await page.getByRole('button', { name: '完成' }).click();
  await skipRating(page);
  await expect(page.locator('html[data-theme="default"]')).toHaveCount(1);
  await expect(page.getByRole('button', { name: '高对比度' })).toHaveAttribute(
    'aria-pressed',
    'false',
  );
});

for (const profileName of Object.keys(PROFILES) as ProfileName[]) {
  const profile = PROFILES[profileName];
  test.describe(`high contrast on ${profileName} ${profile.label}`, () => {
    test.use({ viewport: profile.viewport });
    // A whole journey with a check on every screen: longer than one step's test.
    test.describe.configure({ timeout: 240_000 });
    resetDevicesBeforeEach();

    for (const journey of JOURNEYS) {
      test(`${journey.name}: every screen meets the high-contrast bar and passes axe`, async ({
        page,
        request,
      }) => {
        await openKiosk(page);
        await chooseTheme(page, 'high-contrast');
        let shot = 0;
        await journey.run(page, request, 'standard', async (name) => {
          const where = `${name} (${profileName})`;
          shot++;
          await saveScreenshot(
            page,
            `${profileName}-high-contrast-${journey.name}-${shot}-${name}`,
          );
          await expect(page.locator('html[data-theme="high-contrast"]')).toHaveCount(1);
          await expectContrast(page, 'high-contrast', where);
          await expectNoAxeViolations(page, `${where} (高对比度)`);
        });
        await expect(page.locator('html[data-theme="default"]')).toHaveCount(1);
      });
    }
  });
}
