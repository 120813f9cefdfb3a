import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { RECEIPT_PAGES } from '../../kiosk-ui/src/lib/flows/apply/views.js';
import type { PlainKey } from '../../kiosk-ui/src/lib/i18n/catalogue.js';
import type { Language } from '../../kiosk-ui/src/lib/i18n/languages.js';
import { translate } from '../../kiosk-ui/src/lib/i18n/translate.js';
import { printerState, removeCard, screen, setPrinter } from './helpers.js';
import { chooseQueue, keypad, pageTo, placeCard, words } from './steps.js';

/**
 * Every resident journey, written once and walked by several specs: each calls `visit` on every
 * screen it reaches, and the spec decides what to check there (fit, the millimetre bar, axe,
 * contrast, speech) and saves its picture. A journey starts and ends on home; it works at every
 * text size, turning pages where a list does not fit.
 */
type Visit = (screen: string) => Promise<void>;

export type Mode = 'standard' | 'elder';

export interface Journey {
  name: string;
  run(page: Page, request: APIRequestContext, mode: Mode, visit: Visit, walk?: Walk): Promise<void>;
  /** What the journey puts on the screen that is personal: never spoken, never left behind. */
  personal: string[];
}

/** A service's guide and the catalogue category it is listed in. */
interface GuidePlace {
  category: string;
  service: string;
}

/** The demo content's names a journey taps (config/defaults/services.json), per language. */
interface ContentNames {
  socialSecurityQueue: RegExp;
  generalQueue: RegExp;
  proofOfResidence: GuidePlace;
  applicantName: string;
  /** Check-your-answers' change link of the phone question. */
  changePhone: RegExp;
  childsSchool: RegExp;
  rented: RegExp;
  careInAnotherProvince: GuidePlace;
  lostCard: string;
}
const CONTENT: Record<Language, ContentNames> = {
  'zh-CN': {
    socialSecurityQueue: /社保业务/,
    generalQueue: /综合咨询/,
    proofOfResidence: { category: '社区事务', service: '开具居住证明' },
    applicantName: '申请人姓名',
    changePhone: /^修改：.*电话/,
    childsSchool: /孩子上学/,
    rented: /租的房子/,
    careInAnotherProvince: { category: '医保', service: '异地就医备案' },
    lostCard: '社保卡挂失补换',
  },
  en: {
    socialSecurityQueue: /Social security/,
    generalQueue: /General enquiries/,
    proofOfResidence: { category: 'Community affairs', service: 'Proof of residence' },
    applicantName: "Applicant's name",
    changePhone: /^Change: .*phone/i,
    childsSchool: /A child's school place/,
    rented: /Rented/,
    careInAnotherProvince: {
      category: 'Medical insurance',
      service: 'See a doctor in another province',
    },
    lostCard: 'Replace a lost social security card',
  },
};

/**
 * How a spec walks the journeys: in which language, and whether also through the detours a
 * longer language's words need checked (an answer's problem, every page of a second guide).
 */
export interface Walk {
  language: Language;
  detours: boolean;
}
const IN_CHINESE: Walk = { language: 'zh-CN', detours: false };

/** The screen is on the glass; then the spec's checks. */
async function at(page: Page, visit: Visit, name: string): Promise<void> {
  await screen(page, name);
  await visit(name);
}

/** Reads every page of a paged screen, visiting each, then comes back to the first. */
async function readAllPages(
  page: Page,
  visit: Visit,
  name: string,
  language: Language = 'zh-CN',
): Promise<number> {
  const next = page.getByRole('button', { name: words(language, 'nav.next'), exact: true });
  let pages = 1;
  while ((await next.count()) > 0 && (await next.isEnabled())) {
    await next.click();
    await at(page, visit, name);
    pages++;
  }
  const previous = words(language, 'nav.previous');
  for (let back = 1; back < pages; back++) {
    await page.getByRole('button', { name: previous, exact: true }).click();
  }
  return pages;
}

/**
 * On a guide: 带走指南, its QR code drawn, the guide printed, then 返回 to the guide. Visits the
 * take-away before and after the print.
 */
async function takeAway(page: Page, visit: Visit, language: Language): Promise<void> {
  await page.getByRole('button', { name: words(language, 'guide.takeAway'), exact: true }).click();
  await screen(page, 'guide-take-away');
  await expect(page.locator('[data-qr="ready"]')).toBeVisible();
  await visit('guide-take-away');
  await page.getByRole('button', { name: words(language, 'guide.print'), exact: true }).click();
  await expect(page.getByText(words(language, 'guide.printed'))).toBeVisible({ timeout: 15_000 });
  await at(page, visit, 'guide-take-away');
  await page.getByRole('button', { name: words(language, 'nav.back'), exact: true }).click();
  await screen(page, 'service-guide');
}

async function skipRating(page: Page, visit: Visit, language: Language): Promise<void> {
  await at(page, visit, 'rate-level');
  await page.getByRole('button', { name: words(language, 'action.skip'), exact: true }).click();
  await screen(page, 'home');
}

/** From home into a service's guide through the catalogue, in the resident's mode. */
async function openGuide(
  page: Page,
  mode: Mode,
  visit: Visit,
  language: Language,
  { category, service }: GuidePlace,
): Promise<void> {
  await page.getByRole('button', { name: words(language, 'home.browse') }).click();
  await at(page, visit, 'choose-mode');
  const modeKey = mode === 'elder' ? 'chooseMode.elder' : 'chooseMode.standard';
  await page.getByRole('button', { name: words(language, modeKey) }).click();
  await at(page, visit, 'catalogue');
  const categoryButton = page.getByRole('button', { name: category, exact: true });
  await pageTo(page, categoryButton, language);
  await categoryButton.click();
  await at(page, visit, 'category-services');
  const serviceButton = page.getByRole('button', { name: service });
  await pageTo(page, serviceButton, language);
  await serviceButton.click();
  await at(page, visit, 'service-guide');
}

/**
 * 开具居住证明 from home to check-your-answers, identified by a typed number, visiting each
 * screen (with `detours`, an answer's problem too).
 */
async function applyUpToCheck(
  page: Page,
  mode: Mode,
  visit: Visit,
  { language, detours }: Walk,
): Promise<void> {
  const content = CONTENT[language];
  await openGuide(page, mode, visit, language, content.proofOfResidence);
  await page.getByRole('button', { name: words(language, 'guide.apply') }).click();
  await at(page, visit, 'apply-identify');
  await page.getByRole('button', { name: words(language, 'identify.enterNumber') }).click();
  await at(page, visit, 'apply-id-number');
  await keypad(page, '140902199001080131', language);
  await confirm(page, language);
  await at(page, visit, 'apply-question');
  await page.getByRole('textbox', { name: content.applicantName }).fill('李建国');
  const next = () =>
    page.getByRole('button', { name: words(language, 'nav.nextStep'), exact: true }).click();
  await next();
  for (const option of [content.childsSchool, content.rented]) {
    await at(page, visit, 'apply-question');
    const radio = page.getByRole('radio', { name: option });
    await pageTo(page, radio, language);
    await radio.click();
    await next();
  }
  for (const [index, digits] of ['12', '20190901', '03512345678'].entries()) {
    await at(page, visit, 'apply-question');
    if (detours && index === 0) {
      // The building number first too small, for the problem and its summary.
      await keypad(page, '0', language);
      await next();
      await expect(page.getByTestId('answer-problem')).toBeVisible();
      await at(page, visit, 'apply-question');
      const clear = words(language, 'action.clear');
      await page.getByRole('button', { name: clear, exact: true }).click();
    }
    await keypad(page, digits, language);
    await next();
  }
  await at(page, visit, 'apply-check');
  await readAllPages(page, visit, 'apply-check', language);
}

/** Check-your-answers' submit button, its page turned to. */
async function submitButton(page: Page, language: Language): Promise<Locator> {
  const submit = page.getByRole('button', { name: words(language, 'apply.submit'), exact: true });
  await pageTo(page, submit, language);
  return submit;
}

/**
 * From home, an application submitted while the printer is out of paper: its confirmation, which
 * offers no slip and says so. Visits that screen.
 */
export async function applyWithoutPrinter(
  page: Page,
  request: APIRequestContext,
  visit: Visit,
  walk: Walk,
): Promise<void> {
  await applyUpToCheck(page, 'standard', async () => undefined, walk);
  // Declared ready first, so that running out is a change the agent reports to the running flow
  // (a fault already declared when the flow started is the page's to pass on).
  await expect.poll(() => printerState(request), { timeout: 20_000 }).toBe('ready');
  await setPrinter(request, { paper: 'out' });
  await expect.poll(() => printerState(request), { timeout: 20_000 }).toBe('no-paper');
  await (await submitButton(page, walk.language)).click();
  await screen(page, 'apply-submitted');
  await expect(page.getByText(words(walk.language, 'apply.noPrinter'))).toBeVisible();
  await at(page, visit, 'apply-submitted');
}

/**
 * From home, an application the agent does not take: not committed (try again), refused for
 * staff (back), then committed with its reply lost and sent again with a changed answer
 * (already submitted). Visits each of those screens.
 */
export async function applyFailures(page: Page, visit: Visit, walk: Walk): Promise<void> {
  const { language } = walk;
  const button = (key: PlainKey) =>
    page.getByRole('button', { name: words(language, key), exact: true });
  await applyUpToCheck(page, 'standard', async () => undefined, walk);
  const refusals = [
    { status: 503, error: 'application-not-committed' },
    { status: 400, error: 'application-unknown-service' },
  ];
  await page.route('**/api/v1/applications', async (route) => {
    const { status, ...reply } = refusals.shift()!;
    return route.fulfill({ status, json: { ...reply, message: 'refused in this test' } });
  });
  await (await submitButton(page, language)).click();
  await at(page, visit, 'apply-submit-failed');
  await button('action.retry').click();
  await at(page, visit, 'apply-submit-refused');
  await button('nav.back').click();
  await screen(page, 'apply-check');

  await page.unroute('**/api/v1/applications');
  await page.route('**/api/v1/applications', async (route) => {
    await route.fetch();
    await route.abort('failed');
  });
  await (await submitButton(page, language)).click();
  await screen(page, 'apply-submit-failed');
  await page.unroute('**/api/v1/applications');
  await button('nav.back').click();
  await screen(page, 'apply-check');
  const change = page.getByRole('button', { name: CONTENT[language].changePhone });
  await pageTo(page, change, language);
  await change.click();
  await button('action.clear').click();
  await keypad(page, '13800138000', language);
  await button('nav.nextStep').click();
  await (await submitButton(page, language)).click();
  await at(page, visit, 'apply-already-submitted');
}

async function confirm(page: Page, language: Language): Promise<void> {
  await page.getByRole('button', { name: words(language, 'action.confirm'), exact: true }).click();
}

/** Whichever of `names` comes next (a card or number may answer the priority question). */
async function nextOf(page: Page, names: string[]): Promise<string> {
  const any = page.locator(names.map((n) => `[data-screen="${n}"]`).join(', '));
  await expect(any).toHaveCount(1);
  return (await any.getAttribute('data-screen'))!;
}

/** Priority (when asked), then the ticket, 完成 and the rating skipped. */
async function finishTicket(page: Page, visit: Visit, language: Language): Promise<void> {
  if ((await nextOf(page, ['ask-priority', 'ticket-shown'])) === 'ask-priority') {
    await at(page, visit, 'ask-priority');
    await page.getByRole('button', { name: words(language, 'priority.no'), exact: true }).click();
  }
  await at(page, visit, 'ticket-shown');
  await expect(page.getByTestId('ticket-number')).toHaveText(/^[A-Z]\d+$/);
  await page.getByRole('button', { name: words(language, 'action.done'), exact: true }).click();
  await skipRating(page, visit, language);
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
    async run(page, request, _mode, visit, { language } = IN_CHINESE) {
      await at(page, visit, 'home');
      await page.getByRole('button', { name: words(language, 'home.takeTicket') }).click();
      await at(page, visit, 'choose-service');
      const queue = page.getByRole('button', { name: CONTENT[language].socialSecurityQueue });
      await pageTo(page, queue, language);
      await queue.click();
      await at(page, visit, 'identify');
      await placeCard(request, 'place', 'li-jianguo');
      await at(page, visit, 'ask-priority');
      await expect(page.locator('main')).toContainText(CARD_MASKED);
      await finishTicket(page, visit, language);
      await removeCard(request);
    },
  },
  {
    name: 'identify-by-number',
    personal: [TYPED_NUMBER, '110105'],
    async run(page, _request, _mode, visit, { language } = IN_CHINESE) {
      await chooseQueue(page, CONTENT[language].generalQueue, language);
      await page.getByRole('button', { name: words(language, 'identify.enterNumber') }).click();
      await at(page, visit, 'enter-id-number');
      await keypad(page, TYPED_NUMBER.slice(0, 10), language);
      await at(page, visit, 'enter-id-number');
      await keypad(page, TYPED_NUMBER.slice(10), language);
      await confirm(page, language);
      await finishTicket(page, visit, language);
    },
  },
  {
    name: 'apply',
    personal: ['140902199001080131', '李建国', '03512345678', '2019-09-01'],
    async run(page, _request, mode, visit, walk = IN_CHINESE) {
      const { language } = walk;
      await applyUpToCheck(page, mode, visit, walk);
      await (await submitButton(page, language)).click();
      await at(page, visit, 'apply-submitted');
      await expect(page.getByTestId('reference')).toHaveText(/^SQ-\d{8}-\d{4}$/);
      for (const part of RECEIPT_PAGES.slice(1)) {
        await page.getByRole('button', { name: words(language, 'nav.next'), exact: true }).click();
        // The phone's QR code is drawn after the page is painted: checked once it is there.
        if (part === 'phone') await expect(page.locator('[data-qr="ready"]')).toBeVisible();
        await at(page, visit, 'apply-submitted');
      }
      await page.getByRole('button', { name: words(language, 'action.done'), exact: true }).click();
      await skipRating(page, visit, language);
    },
  },
  {
    name: 'rate',
    personal: [],
    async run(page, _request, _mode, visit, { language } = IN_CHINESE) {
      await chooseQueue(page, CONTENT[language].generalQueue, language);
      await page.getByRole('button', { name: words(language, 'identify.skip') }).click();
      await page.getByRole('button', { name: words(language, 'priority.no'), exact: true }).click();
      await screen(page, 'ticket-shown');
      await page.getByRole('button', { name: words(language, 'action.done'), exact: true }).click();
      await at(page, visit, 'rate-level');
      const level = words(language, 'rate.level.dissatisfied');
      await page.getByRole('button', { name: level, exact: true }).click();
      await at(page, visit, 'rate-reasons');
      const reason = page.getByRole('button', { name: words(language, 'rate.reason.longWait') });
      await reason.click();
      await expect(reason).toHaveAttribute('aria-pressed', 'true');
      await page.getByRole('button', { name: words(language, 'rate.submit') }).click();
      await at(page, visit, 'rate-thanks');
      await page.getByRole('button', { name: words(language, 'action.done'), exact: true }).click();
      await screen(page, 'home');
    },
  },
  {
    name: 'guide',
    personal: [],
    async run(page, _request, mode, visit, { language, detours } = IN_CHINESE) {
      const content = CONTENT[language];
      await openGuide(page, mode, visit, language, content.careInAnotherProvince);
      const pages = await readAllPages(page, visit, 'service-guide', language);
      expect(pages, 'the guide has its pages').toBeGreaterThan(0);
      const back = page.getByRole('button', { name: words(language, 'nav.back'), exact: true });
      await back.click();
      await back.click();
      await at(page, visit, 'catalogue');
      const search = page.getByRole('button', { name: words(language, 'catalogue.search') });
      await pageTo(page, search, language);
      await search.click();
      await at(page, visit, 'search');
      for (const letter of 'SBK') {
        await page.getByRole('button', { name: letter, exact: true }).click();
      }
      const show = translate(language, 'search.showCount', { count: 1 });
      await page.getByRole('button', { name: show }).click();
      await at(page, visit, 'search-results');
      await page.getByRole('button', { name: content.lostCard }).click();
      await at(page, visit, 'service-guide');
      if (detours) await readAllPages(page, visit, 'service-guide', language);
      await takeAway(page, visit, language);
      // Read to the end: leaving then counts as having read it, and 好差评 is offered.
      const next = page.getByRole('button', { name: words(language, 'nav.next'), exact: true });
      while ((await next.count()) > 0 && (await next.isEnabled())) await next.click();
      await page.getByRole('button', { name: words(language, 'nav.home'), exact: true }).click();
      await skipRating(page, visit, language);
    },
  },
  {
    name: 'call-staff',
    personal: [],
    async run(page, _request, _mode, visit, { language } = IN_CHINESE) {
      await page.getByRole('button', { name: words(language, 'home.takeTicket') }).click();
      await screen(page, 'choose-service');
      await page.getByRole('button', { name: words(language, 'header.callStaff') }).click();
      await expect(page.getByText(words(language, 'header.staffSent'))).toBeVisible();
      await at(page, visit, 'choose-service');
      await page.getByRole('button', { name: words(language, 'nav.backHome') }).click();
      await screen(page, 'home');
    },
  },
];
