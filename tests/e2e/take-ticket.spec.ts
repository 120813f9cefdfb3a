import { expect, test } from '@playwright/test';
import {
  centralTerminals,
  expectNoAxeViolations,
  identityLabel,
  openKiosk,
  printedReceipts,
  printerState,
  recordSpeech,
  resetDevicesBeforeEach,
  screen,
  setPrinter,
  skipRating,
  socialSecurityCount,
  urls,
  voicedTexts,
} from './helpers.js';

resetDevicesBeforeEach();

test('an elderly resident takes a priority ticket with her ID card; it prints and reaches the centre', async ({
  page,
  request,
}) => {
  const countBefore = await socialSecurityCount(request);
  await openKiosk(page);
  await expectNoAxeViolations(page, 'home');

  const touched = Date.now();
  await page.getByRole('button', { name: '排队取号' }).click();
  await screen(page, 'choose-service');
  await expectNoAxeViolations(page, 'choose-service');
  await page.getByRole('button', { name: /社保业务/ }).click();

  await screen(page, 'identify');
  await expectNoAxeViolations(page, 'identify');
  // The development panel places a simulated card, as a newcomer would.
  await page.getByLabel('样例身份').selectOption({ label: await identityLabel(request, '王秀英') });
  await page.getByRole('button', { name: '放置身份证' }).click();

  await screen(page, 'ticket-shown');
  const shownAfterMs = Date.now() - touched;
  const number = (await page.getByTestId('ticket-number').textContent())!.trim();
  expect(number).toMatch(/^A\d{3}$/);
  await expect(page.getByText('绿色通道 · 优先办理')).toBeVisible();
  await expect(page.getByTestId('waiting-ahead')).toContainText('前面还有');
  await expectNoAxeViolations(page, 'ticket-shown');
  console.log(
    `time from touching 排队取号 to the ticket shown (incl. test clicks): ${shownAfterMs} ms`,
  );

  // The simulated printer decoded the ESC/POS bytes: the ticket number is on the receipt.
  await expect(page.getByTestId('last-receipt')).toContainText(number);
  await expect(page.getByTestId('last-receipt')).toContainText('社保业务');

  await page.getByRole('button', { name: '完成' }).click();
  await skipRating(page);

  // The usage event travels through the outbox to the centre, which shows the terminal online.
  // Exactly one more: counted once, whatever the retries.
  await expect
    .poll(
      async () => {
        const [row] = await centralTerminals(request);
        return { presence: row?.presence, count: await socialSecurityCount(request) };
      },
      { timeout: 20_000 },
    )
    .toEqual({ presence: 'online', count: countBefore + 1 });

  await page.goto(urls().central);
  await expect(page.getByRole('cell', { name: '在线' })).toBeVisible();
  await expect(page.getByText('社保业务').first()).toBeVisible();
});

test('a resident without a card skips, asks for priority (disability) and gets a priority ticket', async ({
  page,
}) => {
  await openKiosk(page);
  await page.getByRole('button', { name: '排队取号' }).click();
  await page.getByRole('button', { name: /医保业务/ }).click();
  await page.getByRole('button', { name: /跳过/ }).click();
  await screen(page, 'ask-priority');
  await expectNoAxeViolations(page, 'ask-priority');
  await page.getByRole('button', { name: '需要优先办理' }).click();
  await screen(page, 'ticket-shown');
  await expect(page.getByTestId('ticket-number')).toHaveText(/B\d{3}/);
  await expect(page.getByText('绿色通道 · 优先办理')).toBeVisible();
});

test('a younger resident with a card is asked about priority and gets an ordinary ticket', async ({
  page,
  request,
}) => {
  await openKiosk(page);
  await page.getByRole('button', { name: '排队取号' }).click();
  await page.getByRole('button', { name: /户籍业务/ }).click();
  await page.getByLabel('样例身份').selectOption({ label: await identityLabel(request, '李建国') });
  await page.getByRole('button', { name: '放置身份证' }).click();
  await screen(page, 'ask-priority');
  await expect(page.getByText(/李\*国，您好/)).toBeVisible();
  await page.getByRole('button', { name: '不需要' }).click();
  await screen(page, 'ticket-shown');
  await expect(page.getByTestId('ticket-number')).toHaveText(/C\d{3}/);
  await expect(page.getByText('绿色通道 · 优先办理')).toHaveCount(0);

  // Session over: nothing personal stays in the page or the browser's storage.
  await page.getByRole('button', { name: '完成' }).click();
  await skipRating(page);
  await expect(page.locator('body')).not.toContainText('李*国');
  const storage = await page.evaluate(() => ({
    local: localStorage.length,
    session: sessionStorage.length,
    cookies: document.cookie,
  }));
  expect(storage).toEqual({ local: 0, session: 0, cookies: '' });
});

test('首页 on the priority question ends the visit without a ticket, and the card’s name is gone', async ({
  page,
  request,
}) => {
  await openKiosk(page);
  const printed = (await printedReceipts(request)).length;
  await page.getByRole('button', { name: '排队取号' }).click();
  await page.getByRole('button', { name: /社保业务/ }).click();
  await page.getByLabel('样例身份').selectOption({ label: await identityLabel(request, '李建国') });
  await page.getByRole('button', { name: '放置身份证' }).click();
  await screen(page, 'ask-priority');
  await expect(page.getByText(/李\*国，您好/)).toBeVisible();
  await page.getByRole('button', { name: '首页', exact: true }).click();
  await skipRating(page);
  await expect(page.locator('body')).not.toContainText('李*国');
  expect(await printedReceipts(request)).toHaveLength(printed);
});

test('with the printer out of paper the kiosk says so before the resident chooses, shows the number without calling staff, and reprints on request once paper is back', async ({
  page,
  request,
}) => {
  await setPrinter(request, { paper: 'out' });
  // The kiosk learns of the fault from the agent's event stream, as the agent declares it.
  await expect.poll(() => printerState(request), { timeout: 20_000 }).toBe('no-paper');
  const receiptsBefore = await printedReceipts(request);
  await recordSpeech(page);
  await openKiosk(page);
  await page.getByRole('button', { name: '朗读：关' }).click();
  await page.getByRole('button', { name: '排队取号' }).click();

  // Before choosing: in plain words, shown and said, with what still works.
  await screen(page, 'printer-out');
  await expect(page.getByRole('heading', { name: '打印机暂时不能用' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('号码会显示在屏幕上，请记下或拍照');
  await expect(page.getByRole('button', { name: '返回首页' })).toBeVisible();
  await expect
    .poll(async () => (await voicedTexts(page)).at(-1))
    .toMatch(/^zh-CN: 打印机暂时不能用。.*号码会显示在屏幕上，请记下或拍照/);
  await expectNoAxeViolations(page, 'printer-out');
  await page.getByRole('button', { name: '朗读：开' }).click();
  await page.getByRole('button', { name: '继续取号' }).click();

  await screen(page, 'choose-service');
  await page.getByRole('button', { name: /综合咨询/ }).click();
  await page.getByRole('button', { name: /跳过/ }).click();
  await page.getByRole('button', { name: '不需要' }).click();

  await screen(page, 'slip-not-printed');
  const number = (await page.getByTestId('ticket-number').textContent())!.trim();
  // As the resident was told: no surprise, and no staff call for a fault already known.
  await expect(page.getByRole('alert')).toContainText('打印机出了故障，没有凭条');
  await expect(page.getByRole('alert')).toContainText(`请记下号码 ${number} 或拍照`);
  await expect(page.getByRole('status').filter({ hasText: '已发出求助' })).toHaveCount(0);
  const reprint = page.getByRole('button', { name: '重新打印' });
  await expect(reprint).toHaveCount(0);
  await expectNoAxeViolations(page, 'slip-not-printed');
  // The resident's own 呼叫工作人员 works as ever.
  await page.getByRole('button', { name: '呼叫工作人员' }).click();
  await expect(page.getByRole('status').filter({ hasText: '已发出求助' })).toBeVisible();

  // Staff put paper back (here through the development panel): the button appears, and
  // nothing is printed until the resident asks.
  await page.getByRole('button', { name: '缺纸' }).click();
  await expect(reprint).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('status').filter({ hasText: '打印机已恢复' })).toBeVisible();
  const receiptsWhileReady = await printedReceipts(request);
  expect(receiptsWhileReady).toEqual(receiptsBefore);
  expect(receiptsWhileReady.some((text) => text.includes(number))).toBe(false);
  await expectNoAxeViolations(page, 'slip-not-printed (printer ready)');

  await reprint.click();
  await screen(page, 'ticket-shown');
  await expect(page.getByText('请取走凭条')).toBeVisible();
  await expect(page.getByTestId('ticket-number')).toHaveText(number);
  // The simulator keeps the last few receipts: this slip is among them, once.
  const printed = await printedReceipts(request);
  expect(printed.filter((text) => text.includes(number))).toHaveLength(1);
});

test('an idle session warns, then resets to the home screen', async ({ page }) => {
  await page.clock.install();
  await openKiosk(page);
  await page.getByRole('button', { name: '排队取号' }).click();
  await screen(page, 'choose-service');
  await page.clock.fastForward(120_000);
  await screen(page, 'idle-warning');
  await expectNoAxeViolations(page, 'idle-warning');
  await page.getByRole('button', { name: '继续办理' }).click();
  await screen(page, 'choose-service');
  await page.clock.fastForward(120_000);
  await screen(page, 'idle-warning');
  await page.clock.fastForward(31_000);
  await screen(page, 'home');
});

test('in elder mode the warning while taking a ticket counts down the longer time it waits', async ({
  page,
}) => {
  await page.clock.install();
  await openKiosk(page);
  await page.getByRole('button', { name: '办事指南 · 业务办理' }).click();
  await page.getByRole('button', { name: '长辈模式' }).click();
  await screen(page, 'catalogue');
  const next = page.getByRole('button', { name: '下一页', exact: true });
  const category = page.getByRole('button', { name: '医保', exact: true });
  while (!(await category.isVisible())) await next.click();
  await category.click();
  const service = page.getByRole('button', { name: '异地就医备案' });
  while (!(await service.isVisible())) await next.click();
  await service.click();
  await screen(page, 'service-guide');
  await page.getByRole('button', { name: /^排队取号/ }).click();
  await screen(page, 'identify');
  // Elder mode: twice the time on every step, the warning's too (60 s, not 30 s).
  await page.clock.fastForward(240_000);
  await screen(page, 'idle-warning');
  // The page's clock runs on meanwhile: a second or two may have gone.
  await expect(page.getByRole('alertdialog')).toContainText(/[^\d](60|59|58) 秒后/);
  await page.clock.fastForward(31_000);
  await screen(page, 'idle-warning');
  await expect(page.getByRole('alertdialog')).toContainText(/[^\d](29|28|27) 秒后/);
  await page.clock.fastForward(30_000);
  await screen(page, 'home');
});

test('call staff is in the same place on every screen and answers the resident', async ({
  page,
}) => {
  await openKiosk(page);
  const help = page.getByRole('button', { name: '呼叫工作人员' });
  const home = await help.boundingBox();
  const steps: [string, () => Promise<void>][] = [
    ['choose-service', () => page.getByRole('button', { name: '排队取号' }).click()],
    ['identify', () => page.getByRole('button', { name: /社保业务/ }).click()],
    ['ask-priority', () => page.getByRole('button', { name: /跳过/ }).click()],
  ];
  for (const [name, go] of steps) {
    await go();
    await screen(page, name);
    expect(await help.boundingBox(), `the help button on ${name}`).toEqual(home);
  }
  await help.click();
  await expect(page.getByText('已发出求助')).toBeVisible();
});
