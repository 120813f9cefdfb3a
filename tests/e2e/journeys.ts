import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { screen, urls } from './helpers.js';

/**
 * Every resident journey, written once and walked by several specs: each calls `visit` on every
 * screen it reaches, and the spec decides what to check there (fit, the millimetre bar, axe,
 * contrast, speech) and saves its picture. A journey starts and ends on home; it works at every
 * text size, turning pages where a list does not fit.
 */
export type Visit = (screen: string) => Promise<void>;

export type Mode = 'standard' | 'elder';

export interface Journey {
  name: string;
  run(page: Page, request: APIRequestContext, mode: Mode, visit: Visit): Promise<void>;
  /** What the journey puts on the screen that is personal: never spoken, never left behind. */
  personal: string[];
}

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

/** The paged lists' buttons, in the kiosk's language. */
export interface PagingWords {
  next: string;
  previous: string;
}
const CHINESE_PAGING: PagingWords = { next: '下一页', previous: '上一页' };

/** The screen is on the glass; then the spec's checks. */
export async function at(page: Page, visit: Visit, name: string): Promise<void> {
  await screen(page, name);
  await visit(name);
}

/** `target`, turning pages (下一页) until it shows: what a resident does on a paged list. */
export async function pageTo(
  page: Page,
  target: Locator,
  words: PagingWords = CHINESE_PAGING,
): Promise<void> {
  while (!(await target.isVisible())) {
    const next = page.getByRole('button', { name: words.next, exact: true });
    await expect(next, 'the list has another page').toBeEnabled();
    await next.click();
  }
}

/** Reads every page of a paged screen, visiting each, then comes back to the first. */
export async function readAllPages(
  page: Page,
  visit: Visit,
  name: string,
  words: PagingWords = CHINESE_PAGING,
): Promise<number> {
  const next = page.getByRole('button', { name: words.next, exact: true });
  let pages = 1;
  while ((await next.count()) > 0 && (await next.isEnabled())) {
    await next.click();
    await at(page, visit, name);
    pages++;
  }
  for (let back = 1; back < pages; back++) {
    await page.getByRole('button', { name: words.previous, exact: true }).click();
  }
  return pages;
}

async function keypad(page: Page, keys: string): Promise<void> {
  const pad = page.getByRole('group', { name: '数字键盘' });
  for (const key of keys) await pad.getByRole('button', { name: key, exact: true }).click();
}

async function placeCard(request: APIRequestContext, key: string): Promise<void> {
  const reply = await request.post(`${urls().agent}/api/v1/dev/id-card`, {
    data: { action: 'place', key },
  });
  expect(reply.ok()).toBe(true);
}

async function skipRating(page: Page, visit: Visit): Promise<void> {
  await at(page, visit, 'rate-level');
  await page.getByRole('button', { name: '跳过' }).click();
  await screen(page, 'home');
}

/** From home into a service's guide through the catalogue, in the resident's mode. */
async function openGuide(
  page: Page,
  mode: Mode,
  visit: Visit,
  category: string,
  service: string,
): Promise<void> {
  await page.getByRole('button', { name: '办事指南 · 业务办理' }).click();
  await at(page, visit, 'choose-mode');
  await page.getByRole('button', { name: mode === 'elder' ? /长辈模式/ : /标准模式/ }).click();
  await at(page, visit, 'catalogue');
  const categoryButton = page.getByRole('button', { name: category, exact: true });
  await pageTo(page, categoryButton);
  await categoryButton.click();
  await at(page, visit, 'category-services');
  const serviceButton = page.getByRole('button', { name: service });
  await pageTo(page, serviceButton);
  await serviceButton.click();
  await at(page, visit, 'service-guide');
}

/** Whichever of `names` comes next (a card or number may answer the priority question). */
async function nextOf(page: Page, names: string[]): Promise<string> {
  const any = page.locator(names.map((n) => `[data-screen="${n}"]`).join(', '));
  await expect(any).toHaveCount(1);
  return (await any.getAttribute('data-screen'))!;
}

/** Priority (when asked), then the ticket, 完成 and the rating skipped. */
async function finishTicket(page: Page, visit: Visit): Promise<void> {
  if ((await nextOf(page, ['ask-priority', 'ticket-shown'])) === 'ask-priority') {
    await at(page, visit, 'ask-priority');
    await page.getByRole('button', { name: '不需要' }).click();
  }
  await at(page, visit, 'ticket-shown');
  await expect(page.getByTestId('ticket-number')).toHaveText(/^[A-Z]\d+$/);
  await page.getByRole('button', { name: '完成' }).click();
  await skipRating(page, visit);
}

// A sample identity under 65, so the priority question is asked with the card's masked name.
const CARD_NAME = '李建国';
const CARD_MASKED = '李*国';
// GB 11643's example: born 31 December 1949, so the age rule gives priority without asking.
const TYPED_NUMBER = '11010519491231002X';

export const JOURNEYS: Journey[] = [
  {
    name: 'take-ticket',
    personal: [CARD_NAME, CARD_MASKED, '140902199001080131'],
    async run(page, request, _mode, visit) {
      await at(page, visit, 'home');
      await page.getByRole('button', { name: '排队取号' }).click();
      await at(page, visit, 'choose-service');
      const queue = page.getByRole('button', { name: /社保业务/ });
      await pageTo(page, queue);
      await queue.click();
      await at(page, visit, 'identify');
      await placeCard(request, 'li-jianguo');
      await at(page, visit, 'ask-priority');
      await expect(page.locator('main')).toContainText(CARD_MASKED);
      await finishTicket(page, visit);
    },
  },
  {
    name: 'identify-by-number',
    personal: [TYPED_NUMBER, '110105'],
    async run(page, _request, _mode, visit) {
      await page.getByRole('button', { name: '排队取号' }).click();
      const queue = page.getByRole('button', { name: /综合咨询/ });
      await pageTo(page, queue);
      await queue.click();
      await page.getByRole('button', { name: /输入身份证号码/ }).click();
      await at(page, visit, 'enter-id-number');
      await keypad(page, TYPED_NUMBER.slice(0, 10));
      await at(page, visit, 'enter-id-number');
      await keypad(page, TYPED_NUMBER.slice(10));
      await page.getByRole('button', { name: '确认', exact: true }).click();
      await finishTicket(page, visit);
    },
  },
  {
    name: 'apply',
    personal: ['140902199001080131', '李建国', '03512345678', '2019-09-01'],
    async run(page, _request, mode, visit) {
      await openGuide(page, mode, visit, '社区事务', '开具居住证明');
      await page.getByRole('button', { name: '在这里申请' }).click();
      await at(page, visit, 'apply-identify');
      await page.getByRole('button', { name: /输入身份证号码/ }).click();
      await at(page, visit, 'apply-id-number');
      await keypad(page, '140902199001080131');
      await page.getByRole('button', { name: '确认', exact: true }).click();
      await at(page, visit, 'apply-question');
      await page.getByRole('textbox', { name: '申请人姓名' }).fill('李建国');
      const next = () => page.getByRole('button', { name: '下一步' }).click();
      await next();
      for (const option of [/孩子上学/, /租的房子/]) {
        await at(page, visit, 'apply-question');
        const radio = page.getByRole('radio', { name: option });
        await pageTo(page, radio);
        await radio.click();
        await next();
      }
      for (const digits of ['12', '20190901', '03512345678']) {
        await at(page, visit, 'apply-question');
        await keypad(page, digits);
        await next();
      }
      await at(page, visit, 'apply-check');
      await readAllPages(page, visit, 'apply-check');
      const submit = page.getByRole('button', { name: '提交申请' });
      await pageTo(page, submit);
      await submit.click();
      await at(page, visit, 'apply-submitted');
      await expect(page.getByTestId('reference')).toHaveText(/^SQ-\d{8}-\d{4}$/);
      for (let more = 0; more < 2; more++) {
        await page.getByRole('button', { name: '下一页', exact: true }).click();
        await at(page, visit, 'apply-submitted');
      }
      await page.getByRole('button', { name: '完成' }).click();
      await skipRating(page, visit);
    },
  },
  {
    name: 'rate',
    personal: [],
    async run(page, _request, _mode, visit) {
      await page.getByRole('button', { name: '排队取号' }).click();
      const queue = page.getByRole('button', { name: /综合咨询/ });
      await pageTo(page, queue);
      await queue.click();
      await page.getByRole('button', { name: /跳过/ }).click();
      await page.getByRole('button', { name: '不需要' }).click();
      await screen(page, 'ticket-shown');
      await page.getByRole('button', { name: '完成' }).click();
      await at(page, visit, 'rate-level');
      await page.getByRole('button', { name: '不满意', exact: true }).click();
      await at(page, visit, 'rate-reasons');
      const reason = page.getByRole('button', { name: '等待太久' });
      await reason.click();
      await expect(reason).toHaveAttribute('aria-pressed', 'true');
      await page.getByRole('button', { name: '提交评价' }).click();
      await at(page, visit, 'rate-thanks');
      await page.getByRole('button', { name: '完成' }).click();
      await screen(page, 'home');
    },
  },
  {
    name: 'guide',
    personal: [],
    async run(page, _request, mode, visit) {
      await openGuide(page, mode, visit, '医保', '异地就医备案');
      const pages = await readAllPages(page, visit, 'service-guide');
      expect(pages, 'the guide has its pages').toBeGreaterThan(0);
      await page.getByRole('button', { name: '返回' }).click();
      await page.getByRole('button', { name: '返回' }).click();
      await at(page, visit, 'catalogue');
      const search = page.getByRole('button', { name: '按拼音查找' });
      await pageTo(page, search);
      await search.click();
      await at(page, visit, 'search');
      for (const letter of 'SBK') {
        await page.getByRole('button', { name: letter, exact: true }).click();
      }
      await page.getByRole('button', { name: '查看 1 项' }).click();
      await at(page, visit, 'search-results');
      await page.getByRole('button', { name: '社保卡挂失补换' }).click();
      await at(page, visit, 'service-guide');
      // Read to the end: leaving then counts as having read it, and 好差评 is offered.
      const next = page.getByRole('button', { name: '下一页', exact: true });
      while ((await next.count()) > 0 && (await next.isEnabled())) await next.click();
      await page.getByRole('button', { name: '首页' }).click();
      await skipRating(page, visit);
    },
  },
  {
    name: 'call-staff',
    personal: [],
    async run(page, _request, _mode, visit) {
      await page.getByRole('button', { name: '排队取号' }).click();
      await screen(page, 'choose-service');
      await page.getByRole('button', { name: '呼叫工作人员' }).click();
      await expect(page.getByText('已发出求助')).toBeVisible();
      await at(page, visit, 'choose-service');
      await page.getByRole('button', { name: '返回首页' }).click();
      await screen(page, 'home');
    },
  },
];
