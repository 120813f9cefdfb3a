import { expect, test, type Page } from '@playwright/test';
import {
  expectNoAxeViolations,
  identityLabel,
  openKiosk,
  printedReceipts,
  recordSpeech,
  resetDevicesBeforeEach,
  screen,
  voicedTexts,
} from './helpers.js';

resetDevicesBeforeEach();

/**
 * Visible text in Chinese characters that is not marked `lang="zh-CN"`: on an English screen,
 * only content without a translation may be Chinese, and it is marked (docs/i18n.md). The
 * development panel is for developers, in Chinese, and is left out. An English text may name,
 * in brackets, a document or app as residents know it (户口本, 三晋通): a proper name, not Chinese
 * left untranslated.
 */
async function unmarkedChinese(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const han = /\p{Script=Han}/u;
    const namedInBrackets = (text: string) =>
      /[A-Za-z]{2}/.test(text) && !han.test(text.replace(/\([^()]*\)/g, ''));
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      const text = node.textContent ?? '';
      if (!parent || !han.test(text) || namedInBrackets(text)) continue;
      if (parent.closest('aside.dev')) continue;
      if (!parent.checkVisibility()) continue;
      if (parent.closest('[lang]')?.getAttribute('lang') !== 'zh-CN') found.push(text.trim());
    }
    // Accessible names matter as much as visible text.
    for (const el of Array.from(document.querySelectorAll('[aria-label]'))) {
      const label = el.getAttribute('aria-label') ?? '';
      if (
        han.test(label) &&
        !el.closest('aside.dev') &&
        el.closest('[lang]')?.getAttribute('lang') !== 'zh-CN'
      ) {
        found.push(`aria-label: ${label}`);
      }
    }
    return found;
  });
}

async function englishScreen(page: Page, name: string): Promise<void> {
  await screen(page, name);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  expect(await unmarkedChinese(page), `Chinese left on the ${name} screen`).toEqual([]);
  await expectNoAxeViolations(page, `${name} in English`);
}

test('a resident switches to English, takes a queue ticket, and the next resident gets Chinese', async ({
  page,
}) => {
  await openKiosk(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  // The header's button names the other language in that language.
  const toEnglish = page.getByRole('button', { name: 'English' });
  await expect(toEnglish).toHaveAttribute('lang', 'en');
  await toEnglish.click();
  await englishScreen(page, 'home');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Community self-service');
  await expect(page.getByRole('button', { name: '中文' })).toHaveAttribute('lang', 'zh-CN');

  await page.getByRole('button', { name: 'Take a ticket' }).click();
  await englishScreen(page, 'choose-service');
  await expect(page.getByText('Step 1 of 3')).toBeVisible();
  await page.getByRole('button', { name: 'General enquiries' }).click();

  await englishScreen(page, 'identify');
  await page.getByRole('button', { name: /Skip and take a ticket/ }).click();

  await englishScreen(page, 'ask-priority');
  await page.getByRole('button', { name: 'No', exact: true }).click();

  await englishScreen(page, 'ticket-shown');
  await expect(page.getByTestId('ticket-number')).toHaveText(/^D\d{3}$/);
  await expect(page.getByTestId('waiting-ahead')).toHaveText(/^\d+ (person|people) ahead of you$/);
  await expect(page.getByText('General enquiries')).toBeVisible();
  await page.getByRole('button', { name: 'Done' }).click();

  await englishScreen(page, 'rate-level');
  await page.getByRole('button', { name: 'Skip' }).click();

  // Every way home puts the default language back, as it does text size and theme.
  await screen(page, 'home');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('便民自助服务');
  await expect(page.getByRole('button', { name: 'English' })).toBeVisible();
});

test('the choice of mode offers the languages; guides fall back to marked Chinese where untranslated', async ({
  page,
}) => {
  await openKiosk(page);
  await page.getByRole('button', { name: '办事指南 · 业务办理' }).click();
  await screen(page, 'choose-mode');
  const languages = page.getByRole('group', { name: '语言' });
  await expect(languages.getByRole('button', { name: '中文' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await languages.getByRole('button', { name: 'English' }).click();
  await englishScreen(page, 'choose-mode');
  await expect(
    page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'English' }),
  ).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('button', { name: /Standard mode/ }).click();

  await englishScreen(page, 'catalogue');
  await page.getByRole('button', { name: 'Medical insurance', exact: true }).click();
  await englishScreen(page, 'category-services');
  await page.getByRole('button', { name: 'See a doctor in another province' }).click();
  // Where a text has no translation, the Chinese stands in, marked, and the guide says so.
  await englishScreen(page, 'service-guide');
  await expect(page.getByRole('heading', { name: 'What it is for' })).toBeVisible();
  const guide = page.getByRole('article', { name: 'Service guide' });
  const fallbacks = await guide.locator('[lang="zh-CN"]').count();
  await expect(guide.getByText('only available in Chinese')).toHaveCount(fallbacks > 0 ? 1 : 0);
  await page.getByRole('button', { name: 'Start' }).click();
  await screen(page, 'rate-level');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByRole('button', { name: 'Skip' }).click();
  await screen(page, 'home');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
});

test('a resident applies for the old-age allowance in English, and the slip stays Chinese', async ({
  page,
  request,
}) => {
  // A whole application with axe on every screen: longer than one step's test.
  test.setTimeout(180_000);
  await recordSpeech(page);
  const spoken = () => voicedTexts(page);
  await openKiosk(page);
  await page.getByRole('button', { name: '办事指南 · 业务办理' }).click();
  await page.getByRole('group', { name: '语言' }).getByRole('button', { name: 'English' }).click();
  await page.getByRole('button', { name: /Standard mode/ }).click();
  await page.getByRole('button', { name: 'Civil affairs', exact: true }).click();
  await page.getByRole('button', { name: 'Old-age allowance' }).click();
  await englishScreen(page, 'service-guide');
  await page.getByRole('button', { name: 'Apply here' }).click();

  await englishScreen(page, 'apply-identify');
  // The development panel (in Chinese, for developers) places a simulated card.
  await page.getByLabel('样例身份').selectOption({ label: await identityLabel(request, '王秀英') });
  await page.getByRole('button', { name: '放置身份证' }).click();

  // Every word of the form in English: the question, its choices, its hint.
  await englishScreen(page, 'apply-question');
  await expect(page.getByRole('heading', { name: 'Who is applying?' })).toBeVisible();
  const next = page.getByRole('button', { name: 'Next', exact: true });
  await next.click();
  // The problem is worded by the English catalogue, from the rule the agent applies too.
  await expect(page.getByTestId('answer-problem')).toHaveText('Please choose one.');
  await englishScreen(page, 'apply-question');
  await page.getByRole('radio', { name: 'A family member, for them' }).click();
  // With read-aloud on, the next question is read in English, with an English voice, choices
  // and all; its controls are worded in English too.
  await page.getByRole('button', { name: 'Speech: off' }).click();
  await next.click();
  await expect
    .poll(spoken)
    .toContainEqual(
      expect.stringMatching(
        /^en-US: Who does the older person live with now\? You can choose: Alone, With their husband or wife, /,
      ),
    );
  expect((await spoken()).filter((text) => /\p{Script=Han}/u.test(text))).toEqual([]);
  await expect(page.getByRole('group', { name: 'Read-aloud controls' })).toBeVisible();
  await englishScreen(page, 'apply-question');
  await page.getByRole('button', { name: 'Speech: on' }).click();

  await englishScreen(page, 'apply-question');
  await expect(
    page.getByRole('heading', { name: 'Who does the older person live with now?' }),
  ).toBeVisible();
  await page.getByRole('radio', { name: 'Alone' }).click();
  await next.click();
  await englishScreen(page, 'apply-question');
  await page.getByRole('radio', { name: "The older person's bank card" }).click();
  await next.click();

  await englishScreen(page, 'apply-question');
  await expect(page.getByRole('heading', { name: 'What is your phone number?' })).toBeVisible();
  await expect(page.getByText(/^Staff will call you on this number/)).toBeVisible();
  const pad = page.getByRole('group', { name: 'Number keypad' });
  for (const digit of '12345') await pad.getByRole('button', { name: digit, exact: true }).click();
  await next.click();
  await expect(page.getByTestId('answer-problem')).toContainText('11-digit mobile');
  await englishScreen(page, 'apply-question');
  await page.getByRole('button', { name: 'Clear' }).click();
  for (const digit of '13912345678')
    await pad.getByRole('button', { name: digit, exact: true }).click();
  await next.click();

  // Check your answers: questions and chosen answers in English; the name from the card is
  // Chinese, and marked so.
  await englishScreen(page, 'apply-check');
  await expect(page.getByRole('heading', { name: 'Check your answers' })).toBeVisible();
  const name = page.getByTestId('check-applicant-name');
  await expect(name).toHaveText('王*英 (read from ID card)');
  await expect(name.locator('[lang="zh-CN"]')).toHaveText('王*英');
  await expect(page.getByText("Applicant's name")).toBeVisible();
  await expect(page.getByTestId('check-who-applies')).toHaveText('A family member, for them');
  await expect(page.getByTestId('check-living')).toHaveText('Alone');
  await expect(page.getByTestId('check-payment-card')).toHaveText("The older person's bank card");
  // Change is named with the question in English, and comes back here.
  await page
    .getByRole('button', { name: 'Change: Who does the older person live with now?' })
    .click();
  await englishScreen(page, 'apply-question');
  await expect(page.getByRole('radio', { name: 'Alone' })).toHaveAttribute('aria-checked', 'true');
  await page.getByRole('radio', { name: 'With their children' }).click();
  await next.click();
  await englishScreen(page, 'apply-check');
  await expect(page.getByTestId('check-living')).toHaveText('With their children');

  // The agent is sent the choices' values, in no language.
  const posted = page.waitForRequest((r) => r.url().endsWith('/api/v1/applications'));
  await page.getByRole('button', { name: 'Submit', exact: true }).click();
  const body = (await posted).postDataJSON() as { answers: Record<string, string> };
  expect(body.answers).toEqual({
    'who-applies': 'family',
    living: 'children',
    'payment-card': 'bank-card',
    phone: '13912345678',
  });

  await englishScreen(page, 'apply-submitted');
  const reference = (await page.getByTestId('reference').textContent())!.trim();
  expect(reference).toMatch(/^SQ-\d{8}-\d{4}$/);
  await page.getByRole('button', { name: /^Print slip/ }).click();
  await expect(page.getByText(/Please take your slip/)).toBeVisible();
  // The slip is read at a Chinese counter: the service and what happens next in Chinese.
  // One slip with this reference, the newest (the development state holds the last five).
  const receipts = await printedReceipts(request);
  expect(receipts.filter((r) => r.includes(reference))).toHaveLength(1);
  const slip = receipts.at(-1)!;
  expect(slip).toContain(reference);
  expect(slip).toContain('高龄津贴申领');
  expect(slip).toContain('接下来：社区核对后报街道');
  expect(slip).not.toMatch(/allowance|community|month|phone|next/i);

  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(page.getByRole('heading', { name: 'Save it to your phone' })).toBeVisible();
  await expect(page.locator('[data-qr="ready"]')).toHaveCount(1);
  await englishScreen(page, 'apply-submitted');
  await page.getByRole('button', { name: 'Next page' }).click();
  // Where it went: the connector's own words, in Chinese and marked.
  await englishScreen(page, 'apply-submitted');
  await page.getByRole('button', { name: 'Next page' }).click();
  await englishScreen(page, 'apply-submitted');
  await expect(page.getByRole('heading', { name: 'What happens next' })).toBeVisible();
  const whatNext = page.getByTestId('what-next');
  await expect(whatNext).toContainText('the allowance is paid every month');
  await expect(whatNext).not.toHaveAttribute('lang');
  await page.getByRole('button', { name: 'Done' }).click();
  await englishScreen(page, 'rate-level');
  await page.getByRole('button', { name: 'Skip' }).click();
  await screen(page, 'home');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
});

test.describe('on the terminal\u2019s 1920x1080 screen', () => {
  test.use({ viewport: { width: 1920, height: 1080 } });

  test('the English header stays one row at every text size', async ({ page }) => {
    await openKiosk(page);
    await page.getByRole('button', { name: 'English' }).click();
    for (const size of ['standard', 'large', 'larger', 'largest']) {
      await expect(page.getByRole('button', { name: `Size: ${size}` })).toBeVisible();
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, `header at ${size}`).toBeLessThanOrEqual(0);
      await page.getByRole('button', { name: /^Size:/ }).click();
    }
  });

  test('a right-to-left language mirrors the layout without overflowing', async ({ page }) => {
    await openKiosk(page);
    await page.getByRole('button', { name: '办事指南 · 业务办理' }).click();
    await screen(page, 'choose-mode');
    const back = page.getByRole('button', { name: '返回', exact: true });
    const home = page.getByRole('button', { name: '首页', exact: true });
    const xOf = async (button: typeof back) => (await button.boundingBox())!.x;
    expect(await xOf(back)).toBeLessThan(await xOf(home));

    // No right-to-left catalogue ships yet: the document's direction is what one would set.
    await page.evaluate(() => document.documentElement.setAttribute('dir', 'rtl'));
    expect(await xOf(back)).toBeGreaterThan(await xOf(home));
    const callStaff = page.getByRole('button', { name: '呼叫工作人员' });
    const readAloud = page.getByRole('button', { name: /^朗读/ });
    expect(await xOf(callStaff)).toBeLessThan(await xOf(readAloud));
    const overflow = await page.evaluate(() => {
      const root = document.documentElement;
      return root.scrollWidth - root.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    await expectNoAxeViolations(page, 'choose-mode right to left');
  });

  test('right to left, the margins mirror too: read-aloud under the step, the staff notice across', async ({
    page,
  }) => {
    await openKiosk(page);
    await page.getByRole('button', { name: '排队取号' }).click();
    await screen(page, 'choose-service');
    await page.getByRole('button', { name: '朗读：关' }).click();
    await page.getByRole('button', { name: '呼叫工作人员' }).click();
    const step = page.getByText('第 1 步 / 共 3 步');
    const controls = page.getByRole('group', { name: '朗读控制' });
    const notice = page.getByText('已发出求助');
    await expect(notice).toBeVisible();
    const box = async (what: typeof step) => (await what.boundingBox())!;
    const screenCentre = 1920 / 2;
    // Left to right: the step and the read-aloud controls in the left margin, the notice right.
    expect((await box(step)).x).toBeLessThan(screenCentre);
    expect((await box(controls)).x).toBeLessThan(screenCentre);
    expect((await box(notice)).x).toBeGreaterThan(screenCentre);

    await page.evaluate(() => document.documentElement.setAttribute('dir', 'rtl'));
    expect((await box(step)).x).toBeGreaterThan(screenCentre);
    expect((await box(controls)).x, 'the read-aloud controls under the step').toBeGreaterThan(
      screenCentre,
    );
    expect((await box(notice)).x, 'the staff notice across from the step').toBeLessThan(
      screenCentre,
    );
  });
});
