import { expect, test, type Page } from '@playwright/test';
import {
  expectNoAxeViolations,
  openKiosk,
  screen,
  takeTicketWithoutCard,
  skipRating,
} from './helpers.js';

// The default screen profile: 21.5" FHD at 0.248 mm per CSS px (kiosk-ui/src/lib/screen-profile.ts).
const MM_PER_PX = 0.248;
const px = (mm: number) => mm / MM_PER_PX;

/** Body text whose cap height (about 0.7 em) subtends 0.7 degrees at 600 mm: 7.3 mm (EN 301 549). */
const MIN_BODY_FONT_PX = px(7.3) / 0.7;

async function bodyFontPx(page: Page): Promise<number> {
  return page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
}

async function controlSizes(page: Page) {
  return page.locator('main button, header button').evaluateAll((buttons) =>
    buttons.map((b) => {
      const r = b.getBoundingClientRect();
      return { label: b.textContent?.trim() ?? '', width: r.width, height: r.height };
    }),
  );
}

const walk: { name: string; go: (page: Page) => Promise<void> }[] = [
  { name: 'home', go: async () => {} },
  {
    name: 'choose-service',
    go: (page) => page.getByRole('button', { name: '排队取号' }).click(),
  },
  { name: 'identify', go: (page) => page.getByRole('button', { name: /社保业务/ }).click() },
  { name: 'ask-priority', go: (page) => page.getByRole('button', { name: /跳过/ }).click() },
];

test('text and touch targets meet the millimetre bar on every screen of the journey', async ({
  page,
}) => {
  await openKiosk(page);
  for (const step of walk) {
    await step.go(page);
    await screen(page, step.name);
    expect(await bodyFontPx(page), `body text on ${step.name}`).toBeGreaterThanOrEqual(
      MIN_BODY_FONT_PX,
    );
    for (const control of await controlSizes(page)) {
      // Elder mode: every target at least 9.5 mm (MIIT); primary actions 15-20 mm.
      expect(control.height, `height of "${control.label}" on ${step.name}`).toBeGreaterThanOrEqual(
        px(15),
      );
      expect(control.width, `width of "${control.label}" on ${step.name}`).toBeGreaterThanOrEqual(
        px(9.5),
      );
    }
  }
});

test('every screen passes axe at each of the four text sizes, and the size resets for the next resident', async ({
  page,
}) => {
  await openKiosk(page);
  const base = await bodyFontPx(page);
  await page.getByRole('button', { name: '排队取号' }).click();
  for (const [step, label] of ['大', '特大', '超大'].entries()) {
    await page.getByRole('button', { name: /^字号/ }).click();
    await expect(page.getByRole('button', { name: `字号：${label}` })).toBeVisible();
    expect(await bodyFontPx(page)).toBeGreaterThan(base * (1 + 0.1 * (step + 1)));
    await expectNoAxeViolations(page, `choose-service at text size ${label}`);
  }
  await page.getByRole('button', { name: /社保业务/ }).click();
  await expectNoAxeViolations(page, 'identify at the largest text size');
  await page.getByRole('button', { name: /跳过/ }).click();
  await expectNoAxeViolations(page, 'ask-priority at the largest text size');
  await page.getByRole('button', { name: '不需要' }).click();
  await screen(page, 'ticket-shown');
  await expectNoAxeViolations(page, 'ticket-shown at the largest text size');
  await page.getByRole('button', { name: '完成' }).click();
  await skipRating(page);
  await expect(page.getByRole('button', { name: '字号：标准' })).toBeVisible();
  expect(await bodyFontPx(page)).toBeCloseTo(base, 1);
});

test('read-aloud speaks each screen and the ticket number, and is off for the next resident', async ({
  page,
}) => {
  await page.addInitScript(() => {
    const spoken: string[] = [];
    (window as unknown as { spoken: string[] }).spoken = spoken;
    window.speechSynthesis.speak = (u: SpeechSynthesisUtterance) => void spoken.push(u.text);
  });
  await openKiosk(page);
  await page.getByRole('button', { name: '朗读：关' }).click();
  const number = await takeTicketWithoutCard(page);
  const spoken = await page.evaluate(() => (window as unknown as { spoken: string[] }).spoken);
  expect(spoken.some((text) => text.includes(number) && text.includes('前面还有'))).toBe(true);
  expect(spoken.some((text) => text.includes('请选择要办理的业务'))).toBe(true);
  await page.getByRole('button', { name: '完成' }).click();
  await skipRating(page);
  await expect(page.getByRole('button', { name: '朗读：关' })).toBeVisible();
});
