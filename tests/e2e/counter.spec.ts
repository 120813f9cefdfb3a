import { expect, test, type Page } from '@playwright/test';
import type { HallSnapshot } from '@bianmin/contract';
import {
  expectNoAxeViolations,
  openKiosk,
  resetDevicesBeforeEach,
  screen,
  skipRating,
  urls,
} from './helpers.js';

resetDevicesBeforeEach();

/** From the kiosk's home: a 户籍业务 ticket without a card; its number and 前面还有 N. */
async function takeHouseholdTicket(kiosk: Page): Promise<{ number: string; ahead: number }> {
  await kiosk.getByRole('button', { name: '排队取号' }).click();
  await kiosk.getByRole('button', { name: /户籍业务/ }).click();
  await kiosk.getByRole('button', { name: /跳过/ }).click();
  await kiosk.getByRole('button', { name: '不需要' }).click();
  await screen(kiosk, 'ticket-shown');
  const number = (await kiosk.getByTestId('ticket-number').textContent())!.trim();
  const ahead = /前面还有 (\d+) 人/.exec((await kiosk.getByTestId('waiting-ahead').textContent())!);
  await kiosk.getByRole('button', { name: '完成' }).click();
  await skipRating(kiosk);
  return { number, ahead: Number(ahead![1]) };
}

test('a ticket taken on the kiosk is called at a counter, on the hall display within 1 s, the next ticket has one fewer ahead, and the counter asks the kiosk for a rating', async ({
  browser,
  page: kiosk,
}) => {
  // Three machines of the hall: the kiosk, a counter PC and the hall's TV.
  const machine = async (viewport: { width: number; height: number }) =>
    (await browser.newContext({ viewport, locale: 'zh-CN' })).newPage();
  const counterPc = await machine({ width: 1366, height: 900 });
  const tv = await machine({ width: 1920, height: 1080 });

  await tv.goto(`${urls().kiosk}/hall`);
  await expect(tv.locator('html[data-hydrated="true"]')).toHaveCount(1);
  await expect(tv.locator('[data-connected="true"]')).toHaveCount(1);
  await expect(tv.getByTestId('hall-counter-3')).toContainText('3号窗口');

  await counterPc.goto(`${urls().kiosk}/counter`);
  await expect(counterPc.locator('html[data-hydrated="true"]')).toHaveCount(1);
  await expectNoAxeViolations(counterPc, 'counter sign-in');
  await counterPc.getByLabel('窗口').selectOption({ label: '3号窗口 户籍' });
  await counterPc.getByLabel('密码').fill('0000');
  await counterPc.getByRole('button', { name: '登录' }).click();
  await expect(counterPc.getByRole('alert')).toContainText('密码不对');
  // A second wrong PIN is said again: a new alert, not the first one left standing unchanged,
  // which a screen reader would not read a second time.
  const firstAlert = await counterPc.getByRole('alert').elementHandle();
  await counterPc.getByLabel('密码').fill('0000');
  await counterPc.getByRole('button', { name: '登录' }).click();
  await expect.poll(() => firstAlert!.evaluate((e) => e.isConnected)).toBe(false);
  await expect(counterPc.getByRole('alert')).toContainText('密码不对');
  // The sample PIN of counter 3 (config/defaults/services.json).
  await counterPc.getByLabel('密码').fill('3333');
  await counterPc.keyboard.press('Enter');
  await expect(counterPc.getByRole('heading', { name: '3号窗口 户籍' })).toBeVisible();
  await expectNoAxeViolations(counterPc, 'counter console');

  await openKiosk(kiosk);
  const first = await takeHouseholdTicket(kiosk);
  await expect(tv.getByTestId('hall-waiting-household-registration')).toContainText(
    `${first.ahead + 1} 人`,
  );

  // The keyboard alone: N is 下一位, and focus sits on it after sign-in.
  await expect(counterPc.locator('[data-action="call-next"]')).toBeFocused();
  await counterPc.keyboard.press('n');
  await expect(counterPc.getByTestId('console-note')).toContainText(`已叫 ${first.number}`);
  await expect(counterPc.getByTestId('current-ticket')).toHaveText(first.number);
  await expect(tv.getByTestId('hall-ticket-3')).toHaveText(first.number);
  await expect(tv.getByTestId('hall-banner')).toContainText(`请 ${first.number} 号到 3号窗口`);
  // Both pages stamp the time they saw it with the same clock: the call's reply on the
  // console, the number drawn on the hall display.
  const repliedAt = Number(
    await counterPc.locator('[data-replied-at]').getAttribute('data-replied-at'),
  );
  const shownAt = Number(await tv.getByTestId('hall-counter-3').getAttribute('data-shown-at'));
  console.log(`call reply on the console -> number on the hall display: ${shownAt - repliedAt} ms`);
  expect(shownAt - repliedAt).toBeLessThan(1000);

  // A second press at once is ignored, and says so.
  await counterPc.keyboard.press('n');
  await expect(counterPc.getByTestId('console-note')).toContainText('已忽略');
  await expect(counterPc.getByTestId('current-ticket')).toHaveText(first.number);

  // The called ticket no longer waits: the next resident has as many ahead as the first had.
  const second = await takeHouseholdTicket(kiosk);
  expect(second.ahead).toBe(first.ahead);
  await expect(tv.getByTestId('hall-waiting-household-registration')).toContainText(
    `${second.ahead + 1} 人`,
  );
  await expectNoAxeViolations(tv, 'hall display');
  // The console's lists: the second ticket waits there, and today's figures have its service.
  await expect(counterPc.getByText(second.number, { exact: true })).toBeVisible();
  await expect(counterPc.getByRole('row', { name: /户籍/ })).toBeVisible();

  // 请评价 (E) at the counter: the idle kiosk asks the resident just served to rate it.
  await counterPc.keyboard.press('e');
  await screen(kiosk, 'rate-level');
  await expect(kiosk.getByRole('button', { name: '非常满意', exact: true })).toBeVisible();
  await kiosk.getByRole('button', { name: '跳过' }).click();
  await screen(kiosk, 'home');

  // A reload of the hall display comes back to the same state.
  await tv.reload();
  await expect(tv.getByTestId('hall-ticket-3')).toHaveText(first.number);

  // 转移 (T) pressed as soon as 办结 (D) is answered, before the console has asked the agent for
  // its counter again, does nothing: it would act on the ticket just finished. The note of 办结
  // waits for that refresh, so what staff read is what the next press acts on. Once the console
  // shows the counter free, T says there is no ticket to transfer.
  let releaseRefresh = () => {};
  const refreshHeld = new Promise<void>((resolve) => (releaseRefresh = resolve));
  await counterPc.route('**/api/v1/counters/3', async (route) => {
    await refreshHeld;
    await route.continue();
  });
  const doneAnswered = counterPc.waitForResponse('**/api/v1/counters/3/done');
  await counterPc.keyboard.press('d');
  await doneAnswered;
  await counterPc.keyboard.press('t');
  await expect(counterPc.getByTestId('console-note')).toHaveText('');
  releaseRefresh();
  await expect(counterPc.getByTestId('current-ticket')).toHaveText('—');
  await expect(counterPc.locator('.transfer-picker')).toHaveCount(0);
  await expect(counterPc.getByTestId('console-note')).toContainText(`${first.number} 已办结`);
  await counterPc.unroute('**/api/v1/counters/3');
  await counterPc.keyboard.press('t');
  await expect(counterPc.getByRole('alert')).toContainText('本窗口现在没有号');
  // The refusal is said once, in the alert: the status line beside it stays empty and plain.
  await expect(counterPc.getByTestId('console-note')).toHaveText('');
  await expect(counterPc.getByTestId('console-note')).not.toHaveClass(/refused/);
  // The hall display follows the counter that finished, and one that pauses and resumes.
  await expect(tv.getByTestId('hall-ticket-3')).toHaveText('—');
  await counterPc.keyboard.press('p');
  await expect(counterPc.getByTestId('console-note')).toContainText('本窗口已暂停叫号');
  await expect(tv.getByTestId('hall-counter-3')).toContainText('暂停服务');
  await counterPc.keyboard.press('p');
  await expect(counterPc.getByTestId('console-note')).toContainText('本窗口已恢复叫号');
  await expect(tv.getByTestId('hall-ticket-3')).toHaveText('—');

  // Signing out closes 转移's picker: the next sign-in finds the console's keys working.
  await expect(async () => {
    // Pressed again while the agent ignores it as a repeat of the last call.
    await counterPc.keyboard.press('n');
    await expect(counterPc.getByTestId('current-ticket')).toHaveText(second.number, {
      timeout: 1000,
    });
  }).toPass({ timeout: 15_000 });
  // A repeated N may still be under way (its refresh): T waits for the console to be ready.
  await expect(counterPc.locator('[data-action="transfer"]')).toHaveAttribute(
    'aria-disabled',
    'false',
  );
  await counterPc.keyboard.press('t');
  await expect(counterPc.locator('.transfer-picker')).toBeVisible();
  await counterPc.getByRole('button', { name: '退出登录' }).click();
  await counterPc.getByLabel('密码').fill('3333');
  await counterPc.keyboard.press('Enter');
  await expect(counterPc.getByRole('heading', { name: '3号窗口 户籍' })).toBeVisible();
  await expect(counterPc.locator('.transfer-picker')).toHaveCount(0);

  await counterPc.getByRole('button', { name: '退出登录' }).click();
  await expect(counterPc.getByRole('button', { name: '登录' })).toBeVisible();
  await counterPc.context().close();
  await tv.context().close();
});

test('a console whose first load of the hall failed gets it once the agent answers again', async ({
  browser,
}) => {
  const counterPc = await (
    await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' })
  ).newPage();
  // The agent restarting as the page loads: the first ask for the hall fails.
  let failed = false;
  await counterPc.route('**/api/v1/hall', async (route) => {
    if (failed) return route.continue();
    failed = true;
    return route.abort('connectionrefused');
  });
  await counterPc.goto(`${urls().kiosk}/counter`);
  await expect(counterPc.locator('html[data-hydrated="true"]')).toHaveCount(1);
  await expect(counterPc.getByLabel('窗口')).toContainText('3号窗口 户籍');
  await counterPc.getByLabel('窗口').selectOption({ label: '3号窗口 户籍' });
  await counterPc.getByLabel('密码').fill('3333');
  await counterPc.keyboard.press('Enter');
  await expect(counterPc.getByRole('heading', { name: '3号窗口 户籍' })).toBeVisible();
  await counterPc.getByRole('button', { name: '退出登录' }).click();
  await counterPc.context().close();
});

test("the counter's keypad calling next while 转移's picker is open closes it, and no transfer reaches the next resident", async ({
  browser,
  request,
}) => {
  const counterPc = await (
    await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' })
  ).newPage();
  // Three 户籍业务 tickets: counter 3 calls that queue first, and the keypad calls on twice.
  for (let i = 0; i < 3; i += 1) {
    const issued = await request.post(`${urls().agent}/api/v1/tickets`, {
      data: {
        requestId: `keypad-race-${Date.now()}-${i}`,
        serviceId: 'household-registration',
        priority: false,
        durationMs: 1000,
      },
    });
    expect(issued.status()).toBe(201);
  }
  const current = counterPc.getByTestId('current-ticket');
  /** The counter's ticket as the hall display is told it: what the agent really holds. */
  const atCounter3 = async () => {
    const hall = await (await request.get(`${urls().agent}/api/v1/hall`)).json();
    return (hall as HallSnapshot).counters.find((c) => c.number === 3)?.current ?? null;
  };
  /**
   * Counter 3's keypad (address 3 in config/defaults/devices.json) presses 下一位 until the agent
   * takes it: within 5 s of the last call it is ignored as a double call.
   */
  const keypadCallsNextFrom = async (before: string): Promise<string> => {
    await expect(async () => {
      const pressed = await request.post(`${urls().agent}/api/v1/dev/caller-key`, {
        data: { address: 3, key: 'call-next' },
      });
      expect(pressed.status()).toBe(200);
      expect((await atCounter3())?.ticketNumber).not.toBe(before);
    }).toPass({ timeout: 15_000, intervals: [1000] });
    return (await atCounter3())!.ticketNumber;
  };

  await counterPc.goto(`${urls().kiosk}/counter`);
  await expect(counterPc.locator('html[data-hydrated="true"]')).toHaveCount(1);
  await counterPc.getByLabel('窗口').selectOption({ label: '3号窗口 户籍' });
  await counterPc.getByLabel('密码').fill('3333');
  await counterPc.keyboard.press('Enter');
  await expect(counterPc.getByRole('heading', { name: '3号窗口 户籍' })).toBeVisible();
  // Whatever an earlier test left at the counter: N until the console has a called ticket of its own.
  await expect(async () => {
    await counterPc.keyboard.press('n');
    await expect(counterPc.getByTestId('console-note')).toContainText(/已叫 [A-Z]\d{3}/, {
      timeout: 1000,
    });
  }).toPass({ timeout: 15_000 });
  const shown = (await current.textContent())!.trim();
  await expect(counterPc.locator('[data-action="transfer"]')).toHaveAttribute(
    'aria-disabled',
    'false',
  );

  // Staff open 转移 for the ticket shown; the keypad calls the next before they choose.
  await counterPc.keyboard.press('t');
  await expect(counterPc.locator('.transfer-picker')).toContainText(shown);
  const next = await keypadCallsNextFrom(shown);
  await expect(counterPc.locator('.transfer-picker')).toHaveCount(0);
  await expect(counterPc.getByRole('alert')).toContainText(`本窗口的当前号已变为 ${next}`);
  await expect(counterPc.getByRole('alert')).toContainText('转移已取消');
  await expect(current).toHaveText(next);
  // The digit that would have chosen a service is now no key at all: T right after it opens the
  // picker for `next`, which a transfer under way (busy) or done (`next` gone) would not.
  const transfers: string[] = [];
  counterPc.on('request', (r) => {
    if (r.url().endsWith('/transfer')) transfers.push(r.url());
  });
  await counterPc.keyboard.press('1');
  await counterPc.keyboard.press('t');
  await expect(counterPc.locator('.transfer-picker')).toContainText(next);
  expect(transfers).toEqual([]);
  expect(await atCounter3()).toEqual({ ticketNumber: next, serviceId: 'household-registration' });

  // The same race with the console's refresh late: the picker still shows `next` when the keypad
  // calls on and staff choose. The agent refuses, and the console says what is at the counter.
  let releaseRefresh = () => {};
  const refreshHeld = new Promise<void>((resolve) => (releaseRefresh = resolve));
  await counterPc.route('**/api/v1/counters/3', async (route) => {
    await refreshHeld;
    await route.continue();
  });
  const third = await keypadCallsNextFrom(next);
  await expect(counterPc.locator('.transfer-picker')).toContainText(next);
  const refused = counterPc.waitForResponse('**/api/v1/counters/3/transfer');
  await counterPc.keyboard.press('1');
  expect((await refused).status()).toBe(409);
  expect(await (await refused).json()).toMatchObject({ error: 'ticket-changed' });
  releaseRefresh();
  await expect(counterPc.getByRole('alert')).toContainText(`本窗口的当前号已变为 ${third}`);
  await expect(counterPc.getByRole('alert')).toContainText('刚才的操作没有执行');
  await expect(current).toHaveText(third);
  await counterPc.unroute('**/api/v1/counters/3');
  expect(await atCounter3()).toEqual({ ticketNumber: third, serviceId: 'household-registration' });

  await counterPc.getByRole('button', { name: '退出登录' }).click();
  await counterPc.context().close();
});

test('呼叫工作人员 on the kiosk shows on every signed-in console until one answers it (我去处理, key A), wherever the resident goes', async ({
  browser,
  page: kiosk,
}) => {
  const signedIn = async (counter: number, name: string) => {
    const pc = await (
      await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' })
    ).newPage();
    await pc.goto(`${urls().kiosk}/counter`);
    await expect(pc.locator('html[data-hydrated="true"]')).toHaveCount(1);
    await pc.getByLabel('窗口').selectOption({ label: name });
    await pc.getByLabel('密码').fill(String(counter).repeat(4));
    await pc.keyboard.press('Enter');
    await expect(pc.getByRole('heading', { name })).toBeVisible();
    return pc;
  };
  const [first, second] = [await signedIn(1, '1号窗口 人社'), await signedIn(2, '2号窗口 医保')];
  // Calls other specs made on this agent are answered first.
  const alert = first.getByTestId('staff-call');
  while (await alert.isVisible()) {
    await first.keyboard.press('a');
    await expect(first.getByTestId('console-note')).not.toBeEmpty();
  }

  await openKiosk(kiosk);
  await kiosk.getByRole('button', { name: '呼叫工作人员' }).click();
  await expect(kiosk.getByText('已发出求助')).toBeVisible();
  for (const pc of [first, second]) {
    await expect(pc.getByTestId('staff-call')).toContainText('自助机前有居民需要帮助');
  }
  await expectNoAxeViolations(second, 'counter console with a call for staff');

  // The call is the resident's: it goes with them into 排队取号, where another tap is the same
  // call and the counter's answer is said.
  await kiosk.getByRole('button', { name: '排队取号' }).click();
  await expect(kiosk.getByText('已发出求助')).toBeVisible();
  await kiosk.getByRole('button', { name: '呼叫工作人员' }).click();

  await second.getByRole('button', { name: /我去处理/ }).click();
  await expect(second.getByTestId('console-note')).toContainText('已接下求助');
  // The resident is told who is coming, on the screen they are on now.
  await expect(kiosk.getByText('2号窗口 医保的工作人员已收到求助')).toBeVisible();
  await screen(kiosk, 'choose-service');
  for (const pc of [first, second]) await expect(pc.getByTestId('staff-call')).toHaveCount(0);
  for (const pc of [first, second]) {
    await pc.getByRole('button', { name: '退出登录' }).click();
    await pc.context().close();
  }
});
