import { expect, test, type Locator, type Page } from '@playwright/test';
import {
  expectNoAxeViolations,
  identityLabel,
  openKiosk,
  printedReceipts,
  printerState,
  recordSpeech,
  removeCard,
  resetDevicesBeforeEach,
  screen,
  setPrinter,
  skipRating,
  voicedTexts,
} from './helpers.js';

resetDevicesBeforeEach();

/**
 * Nothing below the fold: measured on the resident's part of the page, above the development
 * panel that e2e runs show.
 */
async function expectNoScrolling(page: Page, where: string): Promise<void> {
  const { bottom, view } = await page.evaluate(() => ({
    bottom: Math.max(
      ...Array.from(document.querySelectorAll('main *')).map(
        (e) => e.getBoundingClientRect().bottom,
      ),
    ),
    view: window.innerHeight,
  }));
  expect(bottom, `${where} fits the screen without scrolling`).toBeLessThanOrEqual(view);
}

/** Each screen: shown, within the glass, and with no axe violations. */
async function check(page: Page, name: string, where = name): Promise<void> {
  await screen(page, name);
  await expectNoScrolling(page, where);
  await expectNoAxeViolations(page, where);
}

async function openGuide(page: Page, mode: RegExp, category: string, service: string) {
  await openKiosk(page);
  await page.getByRole('button', { name: '办事指南 · 业务办理' }).click();
  await page.getByRole('button', { name: mode }).click();
  await page.getByRole('button', { name: category, exact: true }).click();
  await page.getByRole('button', { name: service }).click();
  await screen(page, 'service-guide');
}

/**
 * Types on the answer keypad. At each press assistive technology is told only the count: the
 * live region says how many digits are in, never which, and the typed line is not live.
 */
async function keypad(page: Page, digits: string) {
  const pad = page.getByRole('group', { name: '数字键盘' });
  const line = page.getByTestId('keypad-answer');
  const count = page.getByTestId('keypad-answer-count');
  await expect(line).not.toHaveAttribute('aria-live');
  await expect(line).not.toHaveAttribute('aria-label');
  await expect(count).toHaveAttribute('aria-live', 'polite');
  const before = Number(/已输入 (\d+) 位/.exec((await count.textContent()) ?? '')?.[1]);
  for (const [i, digit] of [...digits].entries()) {
    await pad.getByRole('button', { name: digit, exact: true }).click();
    await expect(count).toHaveText(
      new RegExp(`^\\s*已输入 ${before + i + 1} 位，最多 \\d+ 位\\s*$`),
    );
    // Past the count itself (whose own figures may match, as "最多 12 位" does "12").
    const typed = digits.slice(0, i + 1);
    const live = (await page.locator('[aria-live]').allTextContents())
      .map((text) => text.replace(/已输入 \d+ 位，最多 \d+ 位/g, ''))
      .join('|');
    expect(live, `a live region reads out ${typed}`).not.toContain(typed);
  }
}

/** Chooses an option, turning the pages of a long list until it shows. */
async function choose(page: Page, option: RegExp) {
  const radio = page.getByRole('radio', { name: option });
  while ((await radio.count()) === 0) {
    await page.getByRole('button', { name: '下一页' }).click();
  }
  await radio.click();
}

/** Turns check-your-answers' pages until `target` shows (提交申请 stands on the last). */
async function pageTo(page: Page, target: Locator): Promise<Locator> {
  while ((await target.count()) === 0) {
    await page.getByRole('button', { name: '下一页' }).click();
  }
  return target;
}

async function next(page: Page) {
  await page.getByRole('button', { name: '下一步' }).click();
}

/** After the session: nothing personal in the page, the browser's storage or its cookies. */
async function expectNothingLeft(page: Page, personal: string[]) {
  // The development panel (development runs only) lists its sample identities: left out.
  const { body, html } = await page.evaluate(() => {
    const copy = document.body.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('[aria-label="开发面板"]').forEach((panel) => panel.remove());
    return { body: copy.textContent ?? '', html: copy.outerHTML };
  });
  for (const text of personal) {
    expect(body, `the page still shows ${text}`).not.toContain(text);
    expect(html, `the DOM still holds ${text}`).not.toContain(text);
  }
  const storage = await page.evaluate(async () => ({
    local: localStorage.length,
    session: sessionStorage.length,
    cookies: document.cookie,
    databases: (await indexedDB.databases()).length,
  }));
  expect(storage).toEqual({ local: 0, session: 0, cookies: '', databases: 0 });
  expect(await page.context().cookies()).toEqual([]);
}

test('a resident applies for 高龄津贴 with her ID card, changes one answer and takes the slip', async ({
  page,
  request,
}) => {
  await openGuide(page, /标准模式/, '民政', '高龄津贴申领');
  await page.getByRole('button', { name: '在这里申请' }).click();

  await check(page, 'apply-identify');
  await expect(page.getByText('第 1 步 / 共 6 步')).toBeVisible();
  // The development panel places a simulated card; its name and number are never asked.
  await page.getByLabel('样例身份').selectOption({ label: await identityLabel(request, '王秀英') });
  await page.getByRole('button', { name: '放置身份证' }).click();

  await check(page, 'apply-question', 'the first question');
  await expect(page.getByRole('heading', { name: '是谁在办理？' })).toBeVisible();
  await expect(page.getByText('第 2 步 / 共 6 步')).toBeVisible();
  await next(page);
  // The error summary takes focus and says what to do.
  await expect(page.getByTestId('answer-problem')).toBeFocused();
  await expect(page.getByTestId('answer-problem')).toHaveText('请选择一项。');
  await expectNoAxeViolations(page, 'a question with an error');
  // 下一步 again with nothing chosen: the same problem takes focus again, to be heard again.
  await next(page);
  await expect(page.getByTestId('answer-problem')).toBeFocused();
  await choose(page, /家属代办/);
  await next(page);

  await expect(page.getByRole('heading', { name: '老人现在和谁一起住？' })).toBeVisible();
  await choose(page, /独自居住/);
  await next(page);
  await choose(page, /老人的银行卡/);
  await next(page);

  await expect(page.getByRole('heading', { name: '您的联系电话是多少？' })).toBeVisible();
  await check(page, 'apply-question', 'the phone keypad');
  await keypad(page, '12345');
  await next(page);
  await expect(page.getByTestId('answer-problem')).toContainText('11 位手机号码');
  await page.getByRole('button', { name: '清空' }).click();
  await keypad(page, '13912345678');
  await next(page);

  await check(page, 'apply-check');
  await expect(page.getByTestId('check-applicant-name')).toHaveText('王*英（读自身份证）');
  await expect(page.getByTestId('check-applicant-id-number')).toHaveText('已从身份证读取');
  await expect(page.getByTestId('check-living')).toHaveText('独自居住');
  // 修改 goes to the question and comes back here.
  await page.getByRole('button', { name: '修改：老人现在和谁一起住？' }).click();
  await screen(page, 'apply-question');
  await expect(page.getByRole('radio', { name: /独自居住/ })).toHaveAttribute(
    'aria-checked',
    'true',
  );
  await choose(page, /和子女一起住/);
  await next(page);
  await screen(page, 'apply-check');
  await expect(page.getByTestId('check-living')).toHaveText('和子女一起住');

  const posted = page.waitForRequest((r) => r.url().endsWith('/api/v1/applications'));
  await page.getByRole('button', { name: '提交申请' }).click();
  const body = (await posted).postDataJSON() as Record<string, unknown>;
  // The card stays with the agent: the page sends its handle, never the name or the number.
  expect(JSON.stringify(body)).not.toMatch(/王秀英|140902195301050227/);
  expect(body.identity).toMatchObject({ source: 'card' });

  await check(page, 'apply-submitted');
  const reference = (await page.getByTestId('reference').textContent())!.trim();
  expect(reference).toMatch(/^SQ-\d{8}-\d{4}$/);
  await page.getByRole('button', { name: /打印凭条/ }).click();
  await expect(page.getByText(/请取走凭条/)).toBeVisible();
  // The slip's QR code on the glass, for a phone: named for what it is, its payload in no text.
  await page.getByRole('button', { name: '下一页' }).click();
  const code = page.getByRole('img', { name: `受理编号 ${reference} 的二维码` });
  await expect(code).toBeVisible();
  await expect(page.locator('[data-qr="ready"]')).toHaveCount(1);
  await expect(page.locator('main')).not.toContainText('BMA1');
  await check(page, 'apply-submitted', 'the QR code for a phone');
  // Where it went and what happens next, a page each.
  await page.getByRole('button', { name: '下一页' }).click();
  await expect(page.getByTestId('destination')).toContainText('社区便民服务中心（帮办代办）');
  await expect(page.getByTestId('destination')).toContainText('保存在本自助终端');
  await expectNoAxeViolations(page, 'where the application went');
  await page.getByRole('button', { name: '下一页' }).click();
  await expect(page.getByTestId('what-next')).toContainText('次月起按月发放');
  // One slip with this reference, the newest (the development state holds the last five).
  const receipts = await printedReceipts(request);
  expect(receipts.filter((r) => r.includes(reference))).toHaveLength(1);
  const slip = receipts.at(-1)!;
  expect(slip).toContain(reference);
  expect(slip).toContain('社区便民服务中心（帮办代办）');
  expect(slip).toMatch(new RegExp(`\\[QR: BMA1\\|[^|\\]]+\\|${reference}\\]`));
  expect(slip).not.toMatch(/王|140902195301050227|13912345678/);

  await page.getByRole('button', { name: '完成' }).click();
  await skipRating(page);
  await expectNothingLeft(page, ['王秀英', '王*英', '140902195301050227', '13912345678']);
});

test('with the printer out of paper the confirmation offers no slip: the reference is on screen to note down', async ({
  page,
  request,
}) => {
  await recordSpeech(page);
  await openGuide(page, /标准模式/, '民政', '高龄津贴申领');
  await page.getByRole('button', { name: '在这里申请' }).click();
  await screen(page, 'apply-identify');
  await page.getByLabel('样例身份').selectOption({ label: await identityLabel(request, '王秀英') });
  await page.getByRole('button', { name: '放置身份证' }).click();
  await screen(page, 'apply-question');
  await choose(page, /家属代办/);
  await next(page);
  await choose(page, /独自居住/);
  await next(page);
  await choose(page, /老人的银行卡/);
  await next(page);
  await keypad(page, '13912345678');
  await next(page);
  await screen(page, 'apply-check');

  // The paper runs out while the resident checks the answers: declared ready first, so that this
  // is a change the agent reports to the running flow.
  await expect.poll(() => printerState(request), { timeout: 20_000 }).toBe('ready');
  await setPrinter(request, { paper: 'out' });
  await expect.poll(() => printerState(request), { timeout: 20_000 }).toBe('no-paper');
  const receiptsBefore = await printedReceipts(request);
  await page.getByRole('button', { name: '提交申请' }).click();

  await check(page, 'apply-submitted', 'the confirmation without a printer');
  const reference = (await page.getByTestId('reference').textContent())!.trim();
  await expect(page.getByRole('button', { name: /打印凭条/ })).toHaveCount(0);
  await expect(
    page.getByRole('status').filter({ hasText: '打印机暂时不能用，不能打印凭条' }),
  ).toContainText('受理编号在屏幕上，请记下或拍照。');
  await page.getByRole('button', { name: '朗读：关' }).click();
  await expect
    .poll(async () => (await voicedTexts(page)).at(-1))
    .toContain('受理编号在屏幕上，请记下或拍照');

  // Paper back: the slip is offered again, and said so.
  await page.getByRole('button', { name: '缺纸' }).click();
  const print = page.getByRole('button', { name: /打印凭条/ });
  await expect(print).toBeVisible({ timeout: 20_000 });
  await expect
    .poll(async () => (await voicedTexts(page)).at(-1))
    .toBe('zh-CN: 打印机已恢复，可以按打印凭条。');
  await expectNoAxeViolations(page, 'the confirmation, printer back');
  expect(await printedReceipts(request)).toEqual(receiptsBefore);
  await print.click();
  await expect(page.getByText(/请取走凭条/)).toBeVisible();
  expect((await printedReceipts(request)).at(-1)).toContain(reference);
});

test.describe('on a landscape terminal in elder mode', () => {
  test.use({ viewport: { width: 1920, height: 1080 } });

  test('a resident without a card types the ID number and is asked the name; every screen fits', async ({
    page,
  }) => {
    await openGuide(page, /长辈模式/, '社区事务', '开具居住证明');
    await page.getByRole('button', { name: '在这里申请' }).click();
    await check(page, 'apply-identify', 'identify in elder mode');
    await page.getByRole('button', { name: /输入身份证号码/ }).click();
    await check(page, 'apply-id-number', 'the ID keypad in elder mode');
    const keys = page.getByRole('group', { name: '数字键盘' });
    for (const key of '140902199001080131') {
      await keys.getByRole('button', { name: key, exact: true }).click();
    }
    await page.getByRole('button', { name: '确认', exact: true }).click();

    await check(page, 'apply-question', 'the name question in elder mode');
    await expect(page.getByRole('heading', { name: '申请人姓名' })).toBeVisible();
    await page.getByRole('textbox', { name: '申请人姓名' }).fill('李建国');
    await next(page);

    await check(page, 'apply-question', 'a choice in elder mode');
    await choose(page, /孩子上学/);
    await next(page);
    await choose(page, /租的房子/);
    await next(page);
    await check(page, 'apply-question', 'a number in elder mode');
    await keypad(page, '12');
    await next(page);
    await check(page, 'apply-question', 'a date in elder mode');
    await keypad(page, '20190901');
    await expect(page.getByTestId('keypad-answer')).toHaveText('2019-09-01');
    await next(page);
    await keypad(page, '03512345678');
    await next(page);

    await check(page, 'apply-check', 'check your answers in elder mode');
    // The rows page at this size: every answer is one 下一页 away at most.
    const seen: string[] = [];
    for (;;) {
      seen.push(...(await page.locator('dd').allTextContents()));
      const more = page.getByRole('button', { name: '下一页' });
      if ((await more.count()) === 0 || (await more.isDisabled())) break;
      await more.click();
      await expectNoScrolling(page, 'check your answers, a later page');
    }
    expect(seen).toEqual(
      expect.arrayContaining(['1409**********0131', '李建国', '孩子上学', '12 号楼', '2019-09-01']),
    );

    // 提交申请 shows on the last page, after every answer.
    await page.getByRole('button', { name: '提交申请' }).click();
    await check(page, 'apply-submitted', 'the confirmation in elder mode');
    await expect(page.getByTestId('reference')).toHaveText(/^SQ-\d{8}-\d{4}$/);
    for (const where of [
      'the QR code in elder mode',
      'where it went in elder mode',
      'what next in elder mode',
    ]) {
      await page.getByRole('button', { name: '下一页' }).click();
      await expectNoScrolling(page, where);
    }
    await page.getByRole('button', { name: '完成' }).click();
    await skipRating(page);
    await expectNothingLeft(page, ['李建国', '140902199001080131', '03512345678']);
  });

  test('a submission the agent turns down leads the resident to what can mend it', async ({
    page,
    request,
  }) => {
    await openGuide(page, /长辈模式/, '民政', '高龄津贴申领');
    await page.getByRole('button', { name: '在这里申请' }).click();
    await screen(page, 'apply-identify');
    const wang = await identityLabel(request, '王秀英');
    const placeCard = async () => {
      await page.getByLabel('样例身份').selectOption({ label: wang });
      await page.getByRole('button', { name: '放置身份证' }).click();
    };
    await placeCard();
    await screen(page, 'apply-question');
    for (const option of [/家属代办/, /独自居住/, /老人的银行卡/]) {
      await choose(page, option);
      await next(page);
    }
    await keypad(page, '13912345678');
    await next(page);
    await screen(page, 'apply-check');

    // The agent's refusals, in the order a resident could meet them; then the agent itself.
    const refusals = [
      { status: 503, error: 'application-not-committed' },
      { status: 400, error: 'application-invalid-answer', where: 'answers.phone' },
      { status: 400, error: 'application-unknown-card-read' },
      { status: 400, error: 'application-unknown-service' },
    ];
    await page.route('**/api/v1/applications', async (route) => {
      const refusal = refusals.shift();
      if (!refusal) return route.continue();
      const { status, ...reply } = refusal;
      return route.fulfill({ status, json: { ...reply, message: 'refused in this test' } });
    });

    await (await pageTo(page, page.getByRole('button', { name: '提交申请' }))).click();
    await check(page, 'apply-submit-failed', 'nothing committed');
    await expect(page.getByRole('alert')).toContainText('回答都还在');
    await page.getByRole('button', { name: '再试一次' }).click();

    // The question the agent refused, its answer kept, with the problem in plain words.
    await check(page, 'apply-question', 'an answer the agent refused');
    await expect(page.getByRole('heading', { name: '您的联系电话是多少？' })).toBeVisible();
    await expect(page.getByTestId('keypad-answer')).toHaveText('13912345678');
    await expect(page.getByTestId('answer-problem')).toHaveText(/终端没有接受这个回答/);
    await next(page);
    await screen(page, 'apply-check');
    await (await pageTo(page, page.getByRole('button', { name: '提交申请' }))).click();

    // The agent lost the card read: the card once more, every answer kept.
    await check(page, 'apply-identify', 'the card read lost');
    await expect(page.getByText(/申请还没有提交/)).toBeVisible();
    await removeCard(request);
    await placeCard();
    await screen(page, 'apply-check');
    await expect(await pageTo(page, page.getByTestId('check-phone'))).toHaveText('13912345678');
    await (await pageTo(page, page.getByRole('button', { name: '提交申请' }))).click();

    // Nothing the resident can mend: a counter, and staff called.
    await check(page, 'apply-submit-refused', 'a refusal for staff');
    await page.getByRole('button', { name: '返回' }).click();
    await screen(page, 'apply-check');
    await (await pageTo(page, page.getByRole('button', { name: '提交申请' }))).click();
    await screen(page, 'apply-submitted');
    await expect(page.getByTestId('reference')).toHaveText(/^SQ-\d{8}-\d{4}$/);
    await page.getByRole('button', { name: '完成' }).click();
    await skipRating(page);
  });

  test('a resident who changes an answer after a lost reply is shown the application that went in', async ({
    page,
    request,
  }) => {
    await openGuide(page, /长辈模式/, '民政', '高龄津贴申领');
    await page.getByRole('button', { name: '在这里申请' }).click();
    await screen(page, 'apply-identify');
    await page
      .getByLabel('样例身份')
      .selectOption({ label: await identityLabel(request, '王秀英') });
    await page.getByRole('button', { name: '放置身份证' }).click();
    await screen(page, 'apply-question');
    for (const option of [/家属代办/, /独自居住/, /老人的银行卡/]) {
      await choose(page, option);
      await next(page);
    }
    await keypad(page, '13912345678');
    await next(page);
    await screen(page, 'apply-check');

    // The agent commits the application, and its reply is lost on the way back.
    let committed = '';
    await page.route('**/api/v1/applications', async (route) => {
      committed = ((await (await route.fetch()).json()) as { reference: string }).reference;
      await route.abort('failed');
    });
    await (await pageTo(page, page.getByRole('button', { name: '提交申请' }))).click();
    await screen(page, 'apply-submit-failed');
    await page.unroute('**/api/v1/applications');
    expect(committed).toMatch(/^SQ-\d{8}-\d{4}$/);

    // The resident goes back and changes the phone number before trying again.
    await page.getByRole('button', { name: '返回' }).click();
    await screen(page, 'apply-check');
    await (
      await pageTo(page, page.getByRole('button', { name: '修改：您的联系电话是多少？' }))
    ).click();
    await page.getByRole('button', { name: '清空' }).click();
    await keypad(page, '13800138000');
    await next(page);
    await (await pageTo(page, page.getByRole('button', { name: '提交申请' }))).click();

    await check(page, 'apply-already-submitted');
    await expect(page.getByTestId('reference')).toHaveText(committed);
    await expect(page.getByRole('alert')).toContainText('刚才的修改没有交出去');
    await page.getByRole('button', { name: '查看回执' }).click();
    await screen(page, 'apply-submitted');
    await expect(page.getByTestId('reference')).toHaveText(committed);
    await page.getByRole('button', { name: /打印凭条/ }).click();
    await expect(page.getByText(/请取走凭条/)).toBeVisible();
    expect((await printedReceipts(request)).at(-1)).toContain(committed);
    await page.getByRole('button', { name: '完成' }).click();
    await skipRating(page);
  });
});
