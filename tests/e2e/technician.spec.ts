import { expect, test, type Page } from '@playwright/test';
import {
  expectNoAxeViolations,
  openKiosk,
  printedReceipts,
  removeCard,
  resetDevicesBeforeEach,
  screen,
  skipRating,
  takeTicketWithoutCard,
  urls,
} from './helpers.js';

/** The development accounts' PINs in config/defaults/technicians.json (docs/technician.md). */
const TECHNICIAN_PIN = '246810';
const ADMINISTRATOR_PIN = '135790';

resetDevicesBeforeEach();

/**
 * Types a PIN on the PIN pad. At each press assistive technology is told only the count: the
 * dots are hidden from it, the live count line says how many digits are in, and no live region
 * holds the digits typed so far.
 */
async function typePin(page: Page, pin: string) {
  const line = page.getByTestId('pin-display');
  const count = page.getByTestId('pin-display-count');
  await expect(line).not.toHaveAttribute('aria-label');
  await expect(count).toHaveAttribute('aria-live', 'polite');
  for (const [i, digit] of [...pin].entries()) {
    await page.getByRole('button', { name: digit, exact: true }).click();
    await expect(count).toHaveText(new RegExp(`^\\s*已输入 ${i + 1} 位\\s*$`));
    await expect(line.locator('[aria-hidden="true"]')).toHaveText('●'.repeat(i + 1));
    // Past the count itself, whose own figure may match a digit.
    const typed = pin.slice(0, i + 1);
    const live = (
      await page.locator('[aria-live], [role="alert"], [role="status"]').allTextContents()
    )
      .map((text) => text.replace(/已输入 \d+ 位/g, ''))
      .join('|');
    expect(live, `a live region reads out ${typed}`).not.toContain(typed);
  }
}

test('a technician enters by the hidden corner and PIN, sets up the printer, prints the readiness report and leaves; residents are served afterwards', async ({
  page,
  request,
}) => {
  await openKiosk(page);
  // Nothing of technician mode is on the resident's screen but an unlabelled corner.
  await expect(page.getByText('维护模式')).toHaveCount(0);
  const corner = page.getByTestId('technician-corner');
  for (let i = 0; i < 5; i += 1) await corner.click();

  await screen(page, 'technician-pin');
  await expectNoAxeViolations(page, 'technician-pin');
  // A wrong PIN first: refused in words, nothing shown of the PIN.
  await typePin(page, '0000');
  await expect(page.getByTestId('pin-display')).toHaveText('●●●●');
  await page.getByRole('button', { name: '确认', exact: true }).click();
  await expect(page.getByTestId('pin-problem')).toHaveText('PIN 不对，请重新输入。');
  await typePin(page, TECHNICIAN_PIN);
  await page.getByRole('button', { name: '确认', exact: true }).click();
  await screen(page, 'technician-menu');
  await expect(page.getByTestId('signed-in-as')).toHaveText('维护人员（开发）（维护人员）');
  // Enrolment is the administrator's: the technician is not offered it.
  await expect(page.getByRole('button', { name: '终端登记' })).toHaveCount(0);
  await expectNoAxeViolations(page, 'technician-menu');
  // The token is in the page's memory only: no cookie, and no token-shaped value in storage
  // (SvelteKit keeps its scroll positions in sessionStorage).
  const stored = await page.evaluate(() =>
    [localStorage, sessionStorage].flatMap((store) => Object.values(store)).join(' '),
  );
  expect(stored).not.toMatch(/[A-Za-z0-9_-]{43}/);
  expect(await page.evaluate(() => document.cookie)).toBe('');

  await page.getByRole('button', { name: '设备设置' }).click();
  await screen(page, 'technician-devices');
  const printer = page.getByTestId('device-printer');
  await expect(printer.getByRole('heading')).toHaveText('打印机：正常');
  await printer.getByRole('button', { name: '更改连接' }).click();
  await printer.getByLabel('模拟器').check();
  await printer.getByRole('button', { name: '检测' }).click();
  await expect(page.getByTestId('device-message')).toHaveText('打印机应答：就绪。');
  // A port that is not there: a clear message, and the setting stays as it was.
  await printer.getByLabel('串口').check();
  await printer.getByTestId('port-path').fill('/dev/ttyNOSUCHPORT');
  await printer.getByRole('button', { name: '保存' }).click();
  await expect(page.getByTestId('device-message')).toContainText('没有这个端口');
  await expect(page.getByTestId('device-message')).toContainText('没有保存任何更改');
  // A port typed without its folder: what is wrong and how to write it, in words.
  await printer.getByTestId('port-path').fill('ttyUSB0');
  await printer.getByRole('button', { name: '检测' }).click();
  await expect(page.getByTestId('device-message')).toHaveText(
    '端口要写完整路径，以 / 开头：例如 /dev/ttyUSB0，或从下面的列表中选择。',
  );
  await printer.getByLabel('模拟器').check();
  await printer.getByRole('button', { name: '保存' }).click();
  await expect(page.getByTestId('device-message')).toHaveText('已保存，与正在使用的设置相同。');
  await expect(page.getByRole('button', { name: '撤销上次保存' })).toBeVisible();
  await expectNoAxeViolations(page, 'technician-devices');
  await page.getByRole('button', { name: '返回' }).last().click();

  await page.getByRole('button', { name: '自检报告' }).click();
  await screen(page, 'technician-readiness');
  const report = page.getByTestId('readiness-report');
  await expect(report).toContainText('T-140902001001-01');
  await expect(report).toContainText('中心可以连通。');
  await expectNoAxeViolations(page, 'technician-readiness');
  // The simulator keeps only the latest few receipts, so the report is told by its text.
  const lastBefore = (await printedReceipts(request)).at(-1);
  expect(lastBefore ?? '').not.toContain('自检报告');
  await page.getByRole('button', { name: '打印报告' }).click();
  await expect(page.getByTestId('readiness-message')).toHaveText('已打印。');
  // The simulated printer decoded the ESC/POS bytes: the report as a technician reads it.
  const paper = (await printedReceipts(request)).at(-1) ?? '';
  for (const line of [
    '自检报告',
    '终端编号 T-140902001001-01',
    '山西省 忻州市 忻府区 长征街街道',
    '打印机：正常',
    '读卡器：正常',
    '中心：可以连通',
    '时钟：与中心一致',
    '周一至周五 08:30-17:30',
  ]) {
    expect(paper).toContain(line);
  }
  await page.getByRole('button', { name: '发送到中心' }).click();
  await expect(page.getByTestId('readiness-message')).toHaveText(
    '已交给上传队列，连通中心后送达。',
  );

  await page.getByRole('button', { name: '退出', exact: true }).click();
  await screen(page, 'home');
  // The session ended with the exit: the agent refuses the technician routes again.
  const after = await request.get(`${urls().agent}/api/v1/technician/session`);
  expect(after.status()).toBe(401);

  const number = await takeTicketWithoutCard(page);
  expect(number).toMatch(/^[A-Z]\d{3}$/);
  await expect(page.getByTestId('last-receipt')).toContainText(number);
  await page.getByRole('button', { name: '完成' }).click();
  await skipRating(page);
});

test('a technician signs in with their own ID card; another card is refused, and nothing of either reaches the page', async ({
  page,
  request,
}) => {
  const placeCard = (key: string) =>
    request.post(`${urls().agent}/api/v1/dev/id-card`, { data: { action: 'place', key } });
  await openKiosk(page);
  const corner = page.getByTestId('technician-corner');
  for (let i = 0; i < 5; i += 1) await corner.click();
  await screen(page, 'technician-pin');

  // 取消 ends the wait: back on the PIN screen without a complaint.
  await page.getByRole('button', { name: '刷技术员卡' }).click();
  await screen(page, 'technician-card');
  await expectNoAxeViolations(page, 'technician-card');
  await page.getByRole('button', { name: '取消，改用 PIN' }).click();
  await screen(page, 'technician-pin');
  await expect(page.getByTestId('pin-problem')).toHaveCount(0);

  // A resident's card is no technician's: refused, and it counts as a failed attempt.
  await placeCard('wang-xiuying');
  await page.getByRole('button', { name: '刷技术员卡' }).click();
  await expect(page.getByTestId('pin-problem')).toHaveText('这张卡不是本终端登记的技术员卡。');
  await removeCard(request);

  // The agent waits on the reader: the technician places the card after pressing.
  await page.getByRole('button', { name: '刷技术员卡' }).click();
  await screen(page, 'technician-card');
  await placeCard('li-jianguo');
  await screen(page, 'technician-menu');
  await expect(page.getByTestId('signed-in-as')).toHaveText('维护人员（开发）（维护人员）');
  const text = await page.locator('body').innerText();
  for (const secret of ['李建国', '140902199001080131', '王秀英', '李*国', '王*英']) {
    expect(text).not.toContain(secret);
  }
  await page.getByRole('button', { name: '退出', exact: true }).click();
  await screen(page, 'home');
  await removeCard(request);
});

test('an administrator reads the audit log a page at a time, newest first, without scrolling', async ({
  page,
  request,
}) => {
  // Enough entries for more than one page: five visits by the technician, in and out.
  for (let i = 0; i < 5; i += 1) {
    const signedIn = await request.post(`${urls().agent}/api/v1/technician/sign-in`, {
      data: { pin: TECHNICIAN_PIN },
    });
    const { token } = (await signedIn.json()) as { token: string };
    await request.post(`${urls().agent}/api/v1/technician/sign-out`, {
      data: {},
      headers: { authorization: `Bearer ${token}` },
    });
  }
  await openKiosk(page);
  const corner = page.getByTestId('technician-corner');
  for (let i = 0; i < 5; i += 1) await corner.click();
  await screen(page, 'technician-pin');
  for (const digit of ADMINISTRATOR_PIN) {
    await page.getByRole('button', { name: digit, exact: true }).click();
  }
  await page.getByRole('button', { name: '确认', exact: true }).click();
  await screen(page, 'technician-menu');
  await page.getByRole('button', { name: '操作记录' }).click();
  await screen(page, 'technician-audit');

  const entries = page.getByTestId('audit-entry');
  await expect(entries.first()).toContainText('查看操作记录：已查看');
  await expect(entries.first()).toContainText('dev-administrator');
  await expect(entries.nth(1)).toContainText('进入维护模式（用 PIN）：成功');
  await expect(entries.nth(2)).toContainText('退出维护模式：主动退出');
  await expect(entries.nth(2)).toContainText('dev-technician');
  await expectNoAxeViolations(page, 'technician-audit');
  // The page fits the glass: no scrolling, the pager in view.
  const fits = await page.evaluate(
    () => document.documentElement.scrollHeight <= window.innerHeight,
  );
  expect(fits).toBe(true);
  await expect(page.getByRole('button', { name: '下一页' })).toBeInViewport();
  const ids = () =>
    entries.evaluateAll((items) => items.map((item) => Number(item.getAttribute('data-entry'))));
  const firstPage = await ids();
  expect(firstPage.length).toBeGreaterThan(1);
  expect(firstPage).toEqual([...firstPage].sort((a, b) => b - a));

  await expect(page.getByRole('button', { name: '上一页' })).toBeDisabled();
  await page.getByRole('button', { name: '下一页' }).click();
  await expect(entries.first()).not.toHaveAttribute('data-entry', String(firstPage[0]));
  const secondPage = await ids();
  // The next older entries, newest first, right after the first page's last.
  expect(Math.max(...secondPage)).toBeLessThan(Math.min(...firstPage));
  expect(secondPage).toEqual([...secondPage].sort((a, b) => b - a));
  await page.getByRole('button', { name: '上一页' }).click();
  await expect(entries.first()).toHaveAttribute('data-entry', String(firstPage[0]));
  expect(await ids()).toEqual(firstPage);

  await page.getByRole('button', { name: '返回' }).click();
  // 终端登记 starts from the terminal's centre address; cleared, it takes another one typed.
  await page.getByRole('button', { name: '终端登记' }).click();
  await screen(page, 'technician-enrol');
  const address = page.getByLabel('中心地址');
  await expect(address).toHaveValue(/^http/);
  await address.fill('');
  await address.pressSequentially('http://centre.example');
  await expect(address).toHaveValue('http://centre.example');
  await page.getByRole('button', { name: '返回' }).click();
  await page.getByRole('button', { name: '退出', exact: true }).click();
  await screen(page, 'home');
});
