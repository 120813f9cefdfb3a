import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import type { PlainKey } from '../../kiosk-ui/src/lib/i18n/catalogue.js';
import type { Language } from '../../kiosk-ui/src/lib/i18n/languages.js';
import { translate } from '../../kiosk-ui/src/lib/i18n/translate.js';
import { screen, urls } from './helpers.js';

/**
 * A resident's single steps on the kiosk, which the journeys (./journeys.ts) and the specs that
 * walk beside them take: the text size, a paged list, the keypad, the simulated card reader and
 * a queue.
 */

/** The text size steps, in the order the header's 字号 button goes through them. */
const TEXT_STEPS = ['标准', '大', '特大', '超大'] as const;
export type TextStep = (typeof TEXT_STEPS)[number];

/** Taps 字号 until the header shows `step`. */
export async function setTextStep(page: Page, step: TextStep): Promise<void> {
  for (let taps = 0; taps < TEXT_STEPS.length; taps++) {
    if ((await page.getByRole('button', { name: `字号：${step}` }).count()) > 0) return;
    await page.getByRole('button', { name: /^字号/ }).click();
  }
  await expect(page.getByRole('button', { name: `字号：${step}` })).toBeVisible();
}

/** The kiosk's own words in `language` (its message catalogues), as its buttons show them. */
export const words = (language: Language, key: PlainKey): string => translate(language, key);

/** `target`, turning pages (下一页) until it shows: what a resident does on a paged list. */
export async function pageTo(
  page: Page,
  target: Locator,
  language: Language = 'zh-CN',
): Promise<void> {
  while (!(await target.isVisible())) {
    const next = page.getByRole('button', { name: words(language, 'nav.next'), exact: true });
    await expect(next, 'the list has another page').toBeEnabled();
    await next.click();
  }
}

/** Types `keys` on the on-screen number keypad. */
export async function keypad(
  page: Page,
  keys: string,
  language: Language = 'zh-CN',
): Promise<void> {
  const pad = page.getByRole('group', { name: words(language, 'keypad.digits') });
  for (const key of keys) await pad.getByRole('button', { name: key, exact: true }).click();
}

/** The simulated reader: a card put on it (`key`, one of the simulator's identities), or badly. */
export async function placeCard(
  request: APIRequestContext,
  action: 'place' | 'place-badly',
  key?: string,
): Promise<void> {
  const reply = await request.post(`${urls().agent}/api/v1/dev/id-card`, {
    data: { action, ...(key && { key }) },
  });
  expect(reply.ok()).toBe(true);
}

/** From home, 排队取号 and the queue `name`, turning pages to it. */
export async function chooseQueue(page: Page, name: RegExp, language: Language): Promise<void> {
  await page.getByRole('button', { name: words(language, 'home.takeTicket') }).click();
  await screen(page, 'choose-service');
  const queue = page.getByRole('button', { name });
  await pageTo(page, queue, language);
  await queue.click();
}
