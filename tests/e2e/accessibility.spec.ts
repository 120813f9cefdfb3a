import { expect, test, type Page } from '@playwright/test';
import {
  expectNoAxeViolations,
  openKiosk,
  recordSpeech,
  screen,
  skipRating,
  spokenTexts,
  takeTicketWithoutCard,
} from './helpers.js';

// The millimetre bar (text, targets, spacing) and the fit of every screen of every journey on
// both screen profiles: profiles.spec.ts; with read-aloud on at the largest size:
// read-aloud.spec.ts; in high contrast: contrast.spec.ts. All of them walk ./journeys.ts.

async function bodyFontPx(page: Page): Promise<number> {
  return page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
}

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
  await recordSpeech(page);
  await openKiosk(page);
  await page.getByRole('button', { name: '朗读：关' }).click();
  const number = await takeTicketWithoutCard(page);
  const spoken = await spokenTexts(page);
  expect(spoken.some((text) => text.includes(number) && text.includes('前面还有'))).toBe(true);
  expect(spoken.some((text) => text.includes('请选择要办理的业务'))).toBe(true);
  await page.getByRole('button', { name: '完成' }).click();
  await skipRating(page);
  await expect(page.getByRole('button', { name: '朗读：关' })).toBeVisible();
});
