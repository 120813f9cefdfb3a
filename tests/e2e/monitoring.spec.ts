import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import {
  ADMIN_ACCOUNTS_PATH,
  ENROL_PATH,
  EVENTS_PATH,
  HEARTBEAT_PATH,
  type HeartbeatBody,
  type RatingLevel,
  type TerminalEvent,
} from '@bianmin/contract';
import {
  createCentreAdminClient,
  createTerminalRequest,
  startCentral,
  type RunningCentral,
} from '@bianmin/sync/central';
import { loadTerminalCredentials, memoryKeyStore } from '@bianmin/sync/terminal-identity';
import { DEFAULT_CONFIG_DIR, loadCommunityFiles, loadConfigFile } from '@bianmin/config';
import { expectNoAxeViolations } from './helpers.js';

/*
 * The monitoring app against a real centre of its own (started as the stack starts one,
 * so the other specs' centre keeps just its one terminal): 55 terminals in 原平市 (忻州市) and 3
 * in 临猗县 (运城市), enrolled and heartbeating as real terminals do, and an account that
 * sees only 忻州市.
 */
const USER = 'e2e-xinzhou';
const PASSWORD = 'e2e password 忻州';
const XINZHOU_COUNT = 55;

type Place = { county: [string, string]; city: [string, string] };
const YUANPING: Place = { county: ['原平市', '140981'], city: ['忻州市', '1409'] };
const LINYI: Place = { county: ['临猗县', '140821'], city: ['运城市', '1408'] };

type SignedPost = (path: string, body: unknown) => Promise<Response>;

async function enrolAndBeat(terminalId: string, place: Place, n: number): Promise<SignedPost> {
  const street = `${place.county[1]}001`;
  const identity = {
    terminalId,
    name: `${place.county[0]} ${n} 号机`,
    community: { name: `第${n}社区居委会`, code: `${street}${100 + n}`, kind: 'urban' },
    region: {
      street: { name: `${place.county[0]}第一街道`, code: street },
      county: { name: place.county[0], code: place.county[1] },
      city: { name: place.city[0], code: place.city[1] },
      province: { name: '山西省', code: '14' },
    },
  };
  const admin = createCentreAdminClient({
    centreUrl: centre.url,
    adminToken: adminToken,
  });
  const created = await admin.createTerminal(createTerminalRequest(identity));
  if (!created.ok) throw new Error(created.error.message);
  const loaded = loadTerminalCredentials({
    terminalId,
    store: memoryKeyStore(),
    enrolmentToken: created.value.enrolmentToken,
  });
  if (!loaded.ok) throw new Error(loaded.error.detail);
  const credentials = loaded.value;
  const signedPost = (path: string, body: unknown) => {
    const bytes = Buffer.from(JSON.stringify(body));
    return fetch(centre.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...credentials.sign('POST', path, bytes) },
      body: bytes,
    });
  };
  const enrolled = await signedPost(ENROL_PATH, credentials.enrolmentDue());
  const marked = credentials.markEnrolled(
    ((await enrolled.json()) as { enrolledAt: string }).enrolledAt,
  );
  if (!marked.ok) throw new Error(marked.error.detail);
  const { terminalId: _id, ...terminal } = identity;
  const heartbeat: HeartbeatBody = {
    terminalId,
    sentAt: new Date().toISOString(),
    intervalSeconds: 3600,
    outboxPending: 0,
    devices: { idCardReader: 'ready', printer: n === 7 ? 'no-paper' : 'ready' },
    terminal,
  };
  const beat = await signedPost(HEARTBEAT_PATH, heartbeat);
  expect(beat.status).toBe(200);
  return signedPost;
}

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const ticket = (seq: number, serviceId: string, serviceName: string): TerminalEvent => ({
  seq,
  type: 'ticket.issued',
  createdAt: minutesAgo(30 - seq),
  payload: {
    serviceId,
    serviceName,
    ticketNumber: `A00${seq}`,
    priority: false,
    durationMs: 30_000,
  },
});
const rating = (seq: number, level: RatingLevel): TerminalEvent => ({
  seq,
  type: 'rating.submitted',
  createdAt: minutesAgo(30 - seq),
  payload: { serviceId: 'social-security', level, reasons: [], outcome: 'ticket-issued' },
});

/*
 * Usage and 好差评, counted by hand: e2e-xz-1 issues 社保查询 x2 and 医保业务 x1 and is rated
 * 非常满意 and 满意; e2e-xz-2 issues 社保查询 x1 and is rated 不满意; e2e-yc-1 (运城市,
 * never shown to the account) issues 社保查询 x3 and is rated 非常满意. 原平市 therefore has
 * 4 tickets (社保查询 3, 医保业务 1) and 3 ratings (1, 1, 0, 1, 0: 满意率 66.7 %).
 */
const USAGE: Record<string, TerminalEvent[]> = {
  'e2e-xz-1': [
    ticket(1, 'social-security', '社保查询'),
    ticket(2, 'social-security', '社保查询'),
    ticket(3, 'medical-insurance', '医保业务'),
    rating(4, 'very-satisfied'),
    rating(5, 'satisfied'),
  ],
  'e2e-xz-2': [ticket(1, 'social-security', '社保查询'), rating(2, 'dissatisfied')],
  'e2e-yc-1': [
    ticket(1, 'social-security', '社保查询'),
    ticket(2, 'social-security', '社保查询'),
    ticket(3, 'social-security', '社保查询'),
    rating(4, 'very-satisfied'),
  ],
  // The printer warned of paper nearly out 30 minutes ago and ran out 20 minutes ago, after 40
  // minutes in service by its own record.
  'e2e-xz-7': [
    {
      seq: 1,
      type: 'service-time.recorded',
      createdAt: minutesAgo(20),
      payload: { state: 'in-service', from: minutesAgo(60), to: minutesAgo(20) },
    },
    {
      seq: 2,
      type: 'device.status-changed',
      createdAt: minutesAgo(30),
      payload: { device: 'printer', state: 'paper-near-end' },
    },
    {
      seq: 3,
      type: 'device.status-changed',
      createdAt: minutesAgo(20),
      payload: { device: 'printer', state: 'no-paper' },
    },
  ],
};

test.describe.configure({ mode: 'serial' });

const adminToken = randomBytes(32).toString('base64url');
const dataDir = mkdtempSync(join(tmpdir(), 'bianmin-e2e-monitoring-'));
let centre: RunningCentral;

test.afterAll(async () => {
  await centre?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test.beforeAll(async () => {
  // The development regions and communities, so coverage has its names, baselines and targets.
  const regions = loadConfigFile('regions', join(DEFAULT_CONFIG_DIR, 'regions.json'));
  const communities = loadCommunityFiles(DEFAULT_CONFIG_DIR);
  if (!regions.ok || !communities.ok) throw new Error('the default configuration must be valid');
  const started = await startCentral({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    trust: { adminToken },
    regions: regions.value,
    communities: communities.value,
  });
  if (!started.ok) throw new Error(started.error.detail);
  centre = started.value;
  const senders = new Map<string, SignedPost>();
  for (let n = 1; n <= XINZHOU_COUNT; n++) {
    senders.set(`e2e-xz-${n}`, await enrolAndBeat(`e2e-xz-${n}`, YUANPING, n));
  }
  for (let n = 1; n <= 3; n++)
    senders.set(`e2e-yc-${n}`, await enrolAndBeat(`e2e-yc-${n}`, LINYI, n));
  for (const [terminalId, events] of Object.entries(USAGE)) {
    const sent = await senders.get(terminalId)!(EVENTS_PATH, {
      terminalId,
      sentAt: new Date().toISOString(),
      events,
    });
    expect(sent.status).toBe(200);
  }
  const account = await fetch(centre.url + ADMIN_ACCOUNTS_PATH, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${adminToken}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ user: USER, role: 'viewer', region: '1409', password: PASSWORD }),
  });
  expect(account.status).toBe(201);
});

/**
 * Usage and device changes are counted by the centre's rollup, which follows delivery up to
 * 15 s behind (docs/monitoring.md): the page is reloaded until they show.
 */
async function showsOnceRolledUp(page: Page, rows: Locator, count: number): Promise<void> {
  await expect(async () => {
    await page.reload();
    await expect(rows).toHaveCount(count, { timeout: 2_000 });
  }).toPass({ timeout: 40_000 });
}

async function logIn(page: Page): Promise<void> {
  await page.goto(`${centre.url}/monitor/`);
  await expect(page.locator('[data-screen="login"]')).toBeVisible();
  await page.getByLabel('用户名').fill(USER);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.locator('[data-screen="terminals"]')).toBeVisible();
}

test('a 忻州市 account logs in, pages through its terminals and never sees 运城市', async ({
  page,
}) => {
  await page.goto(`${centre.url}/monitor/`);
  await expect(page.locator('html[data-hydrated="true"]')).toHaveCount(1);
  await expect(page.locator('[data-screen="login"]')).toBeVisible();
  await expectNoAxeViolations(page, 'monitoring login');

  await page.getByLabel('用户名').fill(USER);
  await page.getByLabel('密码').fill('not the password');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('alert')).toHaveText('用户名或密码错误');

  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.locator('[data-screen="terminals"]')).toBeVisible();
  await expect(page.getByTestId('account')).toContainText('忻州市');

  // Only 忻州市's counties are offered, and nothing of 运城市 is listed or reachable.
  await expect(page.getByLabel('地区').locator('option', { hasText: '原平市' })).toHaveCount(1);
  await expect(page.getByLabel('地区').locator('option', { hasText: '临猗县' })).toHaveCount(0);
  await expect(page.locator('[data-terminal^="e2e-yc-"]')).toHaveCount(0);
  const other = await page.request.get(`${centre.url}/api/v1/monitor/terminals?region=1408`);
  expect(other.status()).toBe(403);

  await page.getByLabel('地区').selectOption({ label: '原平市' });
  await expect(page.getByTestId('terminal-count')).toHaveText(
    `共 ${XINZHOU_COUNT} 台终端，当前显示第 1–50 台`,
  );
  await expect(page.locator('tbody tr')).toHaveCount(50);
  await expectNoAxeViolations(page, 'terminal status grid');
  await page.getByRole('button', { name: '下一页' }).click();
  await expect(page.getByTestId('terminal-count')).toHaveText(
    `共 ${XINZHOU_COUNT} 台终端，当前显示第 51–55 台`,
  );
  await expect(page.getByRole('button', { name: '下一页' })).toBeDisabled();
  await page.getByRole('button', { name: '上一页' }).click();
  await expect(page.getByTestId('terminal-count')).toContainText('第 1–50 台');

  await page.getByLabel('设备故障').selectOption({ label: '打印机' });
  await expect(page.locator('tbody tr')).toHaveCount(1);
  await page.getByRole('link', { name: '原平市 7 号机' }).click();
  await expect(page.locator('[data-screen="terminal"]')).toHaveText('原平市 7 号机');
  await expect(page.getByRole('definition').filter({ hasText: '打印机：缺纸' })).toBeVisible();
  // 90 days of both truths, each day in words; the printer's fault in its history.
  await expect(page.getByTestId('observed-bars').locator('li')).toHaveCount(90);
  await expect(page.getByTestId('reported-bars').locator('li')).toHaveCount(90);
  // Today's observed bar names the presence the terminal is in now (service hours or not);
  // the terminal's record of 40 minutes in service shows (on two bars across midnight).
  const now = await page.locator('dd .status').textContent();
  await expect(page.getByTestId('observed-bars').locator('li').last()).toContainText(now!);
  await expect(
    page.getByTestId('reported-bars').locator('li', { hasText: '服务中' }).first(),
  ).toBeAttached();
  const deviceChanges = page.getByTestId('device-changes').getByRole('row');
  await showsOnceRolledUp(page, deviceChanges, 3);
  // A warning is named as one, not as a recovery.
  await expect(deviceChanges.filter({ hasText: '打印机：缺纸' })).toContainText('故障');
  await expect(deviceChanges.filter({ hasText: '打印机：纸将用尽' })).toContainText('警告');
  await expect(page.getByTestId('device-changes')).not.toContainText('恢复正常');
  await expectNoAxeViolations(page, 'terminal detail');
  await page.getByText('每日明细（小时）').click();
  await expectNoAxeViolations(page, 'terminal detail with the daily table open');

  await page.goto(`${centre.url}/monitor/terminal?id=e2e-yc-1`);
  await expect(page.getByRole('alert')).toContainText('no terminal');
});

test('region aggregates and CSV exports stay inside the account', async ({ page }) => {
  await logIn(page);
  await page.getByLabel('地区').selectOption({ label: '原平市' });
  await expect(page.getByTestId('terminal-count')).toContainText(`共 ${XINZHOU_COUNT} 台`);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: '导出 CSV' }).click(),
  ]);
  const csv = readFileSync((await download.path())!, 'utf8');
  // A byte-order mark first, for spreadsheet programs (trim would drop it).
  expect(csv.startsWith('\ufeff终端编号,')).toBe(true);
  const rows = csv.trim().split('\r\n');
  expect(
    rows
      .slice(1)
      .map((r) => r.split(',')[0])
      .sort(),
  ).toEqual(Array.from({ length: XINZHOU_COUNT }, (_, i) => `e2e-xz-${i + 1}`).sort());

  await page.getByRole('link', { name: '地区汇总' }).click();
  await expect(page.locator('[data-screen="regions"]')).toContainText('忻州市');
  const yuanping = page.getByRole('row', { name: /原平市/ });
  await expect(yuanping.getByRole('cell').first()).toHaveText(String(XINZHOU_COUNT));
  await expect(page.getByRole('row', { name: /临猗县|运城市/ })).toHaveCount(0);
  await expectNoAxeViolations(page, 'region aggregates');

  // A street's and a community's terminal lists name their region in the filter, though the
  // filter's choices are the account's cities and counties.
  await yuanping.getByRole('link', { name: /下级地区/ }).click();
  await page
    .getByRole('row', { name: /原平市第一街道/ })
    .getByRole('link', { name: /终端列表/ })
    .click();
  await expect(page.getByTestId('terminal-count')).toContainText(`共 ${XINZHOU_COUNT} 台`);
  await expect(page.getByLabel('地区').locator('option:checked')).toHaveText('原平市第一街道');
  await page.goto(`${centre.url}/monitor/regions?region=140981001`);
  await page
    .getByRole('row', { name: /^第7社区居委会/ })
    .getByRole('link', { name: /终端列表/ })
    .click();
  await expect(page.getByTestId('terminal-count')).toContainText('共 1 台');
  await expect(page.getByLabel('地区').locator('option:checked')).toHaveText('第7社区居委会');
  // Every device the terminals report can be filtered on.
  await expect(page.getByLabel('设备故障').locator('option')).toContainText([
    '打印机',
    '读卡器',
    '扫码器',
    '呼叫器',
    '窗口屏',
  ]);

  await page.getByRole('link', { name: '覆盖率' }).click();
  await expect(page.locator('[data-screen="coverage"]')).toHaveText('覆盖率：忻州市');
  await expect(page.getByRole('row', { name: /合计（忻州市）/ })).toBeVisible();
  await expect(page.getByRole('row', { name: /运城市|临猗县/ })).toHaveCount(0);
  await expectNoAxeViolations(page, 'coverage');

  await page.getByRole('link', { name: '使用情况' }).click();
  // Reloading before the address has changed would reload the page before.
  await expect(page).toHaveURL(/\/monitor\/usage/);
  const usageRow = page.getByTestId('usage-table').getByRole('row', { name: /^原平市/ });
  await showsOnceRolledUp(page, usageRow, 1);
  // The region's name comes with the rollup too.
  await expect(page.locator('[data-screen="usage"]')).toHaveText('使用情况：忻州市');
  // 取号, 申请, 窗口办结, 过号, 呼叫工作人员, 评价
  await expect(usageRow.getByRole('cell')).toHaveText(['4', '0', '0', '0', '0', '3']);
  await expect(
    page
      .getByTestId('service-table')
      .getByRole('row', { name: /社保查询/ })
      .getByRole('cell'),
  ).toHaveText(['3', '0', '0', '0']);
  await expect(page.getByRole('row', { name: /运城市|临猗县/ })).toHaveCount(0);
  await expectNoAxeViolations(page, 'usage');
  const [usageCsv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: '导出 CSV' }).click(),
  ]);
  const usageLines = readFileSync((await usageCsv.path())!, 'utf8')
    .trim()
    .split('\r\n');
  expect(usageLines).toContain('1409,忻州市,,全部服务,4,0,0,0,0,3');
  expect(usageLines).toContain('140981,原平市,medical-insurance,医保业务,1,0,0,0,,');

  await page.getByRole('link', { name: '好差评' }).click();
  await expect(page.locator('[data-screen="ratings"]')).toHaveText('好差评：忻州市');
  const ratingRow = page.getByTestId('ratings-table').getByRole('row', { name: /^原平市/ });
  // 非常满意, 满意, 基本满意, 不满意, 非常不满意, 合计, 满意率
  await expect(ratingRow.getByRole('cell')).toHaveText(['1', '1', '0', '1', '0', '3', '66.7%']);
  await expectNoAxeViolations(page, 'ratings');
  const [ratingsCsv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: '导出 CSV' }).click(),
  ]);
  expect(
    readFileSync((await ratingsCsv.path())!, 'utf8')
      .trim()
      .split('\r\n')
      .slice(1),
  ).toEqual(['140981,原平市,1,1,0,1,0,3', '1409,忻州市,1,1,0,1,0,3']);

  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page.locator('[data-screen="login"]')).toBeVisible();
  const after = await page.request.get(`${centre.url}/api/v1/monitor/session`);
  expect(after.status()).toBe(401);
});
