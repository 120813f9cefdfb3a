import { expect, test, type Page } from '@playwright/test';
import {
  expectNoAxeViolations,
  openKiosk,
  removeCard,
  screen,
  setPrinter,
  skipRating,
  takeTicketWithoutCard,
} from './helpers.js';
import { JOURNEYS } from './journeys.js';
import { PROFILES, saveScreenshot, type ProfileName } from './screen-checks.js';

/** The bars of docs/accessibility.md: the default theme >= 10:1, high contrast near 20:1. */
const MIN_RATIO = { default: 10, 'high-contrast': 15 } as const;
type Theme = keyof typeof MIN_RATIO;

interface TextContrast {
  text: string;
  ratio: number;
}

/**
 * The contrast ratio (WCAG 2.x relative luminance) of every visible element that holds text of
 * its own, against the first opaque background behind it in the document tree.
 */
function textContrasts(page: Page): Promise<TextContrast[]> {
  return page.evaluate(() => {
    const rgba = (css: string) => {
      const parts = css.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0, 0];
      return { rgb: parts.slice(0, 3), alpha: parts[3] ?? 1 };
    };
    const luminance = (rgb: number[]) => {
      const [r, g, b] = rgb.map((v) => {
        const c = v / 255;
        return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const background = (element: Element) => {
      for (let at: Element | null = element; at; at = at.parentElement) {
        const colour = rgba(getComputedStyle(at).backgroundColor);
        if (colour.alpha === 1) return colour.rgb;
      }
      return [255, 255, 255];
    };
    const ownText = (element: Element) =>
      Array.from(element.childNodes)
        .filter((node) => node.nodeType === Node.TEXT_NODE)
        .map((node) => node.textContent?.trim() ?? '')
        .join('');
    const visible = (element: Element) => {
      const box = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      return box.width > 1 && box.height > 1 && style.visibility !== 'hidden';
    };
    // The resident's screen; the developer panel of dev mode keeps its own colours.
    return Array.from(document.querySelectorAll('.kiosk > :not(aside) *'))
      .filter((element) => ownText(element) !== '' && visible(element))
      .map((element) => {
        const ink = luminance(rgba(getComputedStyle(element).color).rgb);
        const paper = luminance(background(element));
        const ratio = (Math.max(ink, paper) + 0.05) / (Math.min(ink, paper) + 0.05);
        const where = `${element.tagName.toLowerCase()}.${Array.from(element.classList).join('.')}`;
        return { text: `${ownText(element).slice(0, 20)}" (${where}`, ratio };
      });
  });
}

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
    test.beforeEach(async ({ request }) => {
      await removeCard(request);
      await setPrinter(request, { paper: 'ok', coverOpen: false, offline: false });
    });

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
