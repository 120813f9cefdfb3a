import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import type { Announcement, EmergencyWarning, Notices } from '@bianmin/contract';
import {
  expectNoAxeViolations,
  openKiosk,
  recordSpeech,
  resetDevicesBeforeEach,
  screen,
  skipRating,
  spokenTexts,
  urls,
} from './helpers.js';
import { textContrasts } from './text-contrast.js';

const HOUR = 3600_000;
const LONG_TEXT =
  '气象台发布暴雨红色预警信号：预计未来三小时内本区将出现一百毫米以上的强降雨，并伴有雷电和短时大风。' +
  '请立即停止户外活动，远离河道、低洼地带和地下通道，不要在危房和广告牌下停留；' +
  '地下车库的车辆请尽快移到高处。需要帮助的老人和行动不便的居民，请拨打社区电话或就近到便民服务中心等候。' +
  '社区工作人员正在各小区巡查，请听从指挥。';

function warning(
  id: string,
  level: EmergencyWarning['level'],
  title: string,
  expiresInMs = HOUR,
  text = `${title}：请减少外出，注意安全。`,
): EmergencyWarning {
  return {
    id,
    level,
    title,
    text,
    issuedAt: new Date(Date.now() - 60_000).toISOString(),
    expiresAt: new Date(Date.now() + expiresInMs).toISOString(),
  };
}

const announcement = (id: string, text: string): Announcement => ({
  id,
  text,
  startsAt: new Date(Date.now() - 60_000).toISOString(),
  expiresAt: new Date(Date.now() + HOUR).toISOString(),
});

/** As the centre's configuration would: through the agent's development route. */
async function publish(request: APIRequestContext, notices: Notices): Promise<Notices> {
  const reply = await request.post(`${urls().agent}/api/v1/dev/notices`, { data: notices });
  expect(reply.ok()).toBe(true);
  return (await reply.json()) as Notices;
}

/** Nothing below the fold on the resident's part of the page (docs/accessibility.md). */
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
  console.log(`${where}: the lowest text ends at ${Math.round(bottom)} of ${view} px`);
}

/** The lowest contrast of the warnings' and announcements' texts, as contrast.spec.ts measures. */
async function lowestNoticeContrast(page: Page): Promise<number> {
  const contrasts = await textContrasts(page, 'main section *, main section');
  return contrasts.length === 0 ? 0 : Math.min(...contrasts.map((c) => c.ratio));
}

resetDevicesBeforeEach();

// The agent is shared by every spec: take the notices down again.
test.afterEach(async ({ request }) => {
  await publish(request, { warnings: [], announcements: [] });
});

test('a published warning shows on the home screen with its level in words, is read aloud, passes axe, and goes when it expires', async ({
  page,
  request,
}) => {
  await recordSpeech(page);
  const spoken = () => spokenTexts(page);
  await openKiosk(page);
  const rain = warning('rain', 'red', '暴雨红色预警');
  // A short expiry, awaited as what it causes on the screen: no sleeping.
  const fog = warning('fog', 'yellow', '大雾黄色预警', 4000);
  await publish(request, { warnings: [fog, rain], announcements: [] });

  const shown = page.getByTestId('emergency-warning');
  await expect(shown).toHaveCount(2);
  // Most severe first, the level in words.
  await expect(page.getByTestId('warning-level')).toHaveText(['红色预警', '黄色预警']);
  await expect(shown.first()).toContainText('暴雨红色预警');
  await expect(shown.first()).toContainText('请减少外出');
  await expect
    .poll(spoken)
    .toContainEqual(expect.stringMatching(/^突发事件预警。红色预警。暴雨红色预警。.*黄色预警/));
  await expectNoAxeViolations(page, 'home with warnings');
  // The hall's TV shows the most severe on its bottom line.
  const tv = await page.context().newPage();
  await tv.goto(`${urls().kiosk}/hall`);
  await expect(tv.getByTestId('hall-warning')).toHaveText('红色预警：暴雨红色预警');
  await tv.close();

  await expect(shown).toHaveCount(1);
  await expect(page.getByTestId('warning-level')).toHaveText(['红色预警']);
  await screen(page, 'home');
});

test('with warnings and an announcement the home screen fits 1920x1080 and 1080x1920, and 查看全文 pages through them in full', async ({
  page,
  request,
}) => {
  await publish(request, {
    warnings: [
      warning('rain', 'red', '暴雨红色预警', HOUR, LONG_TEXT),
      warning('flood', 'orange', '山洪灾害橙色预警', HOUR, LONG_TEXT),
      warning('heat', 'yellow', '高温黄色预警'),
      warning('wind', 'blue', '大风蓝色预警'),
    ],
    announcements: [
      announcement('water', '本周三上午九点到下午五点，社区东区停水检修，请提前储水。'),
    ],
  });
  for (const viewport of [
    { width: 1920, height: 1080 },
    { width: 1080, height: 1920 },
  ]) {
    await page.setViewportSize(viewport);
    await openKiosk(page);
    await expect(page.getByTestId('emergency-warning')).toHaveCount(1);
    await expect(page.getByText('另有 3 条预警：橙色预警、黄色预警、蓝色预警')).toBeVisible();
    await expect(page.getByTestId('announcement')).toContainText('社区东区停水检修');
    await page.screenshot({
      path: `tests/.output/screens/warnings-home-${viewport.width}x${viewport.height}.png`,
    });
    await expectNoScrolling(page, `home at ${viewport.width}x${viewport.height}`);
  }

  await page.getByRole('button', { name: '查看全文：暴雨红色预警' }).click();
  const full = page.getByRole('dialog');
  await expect(full).toContainText('社区工作人员正在各小区巡查，请听从指挥。');
  await expect(full).toContainText('第 1 条，共 5 条');
  await expectNoAxeViolations(page, 'the full text of the warnings');
  for (const expected of ['山洪灾害橙色预警', '高温黄色预警', '大风蓝色预警', '公告']) {
    await full.getByRole('button', { name: '下一条' }).click();
    await expect(full.getByRole('heading')).toContainText(expected);
  }
  await expect(full.getByRole('button', { name: '下一条' })).toBeDisabled();
  await full.getByRole('button', { name: '关闭' }).click();
  await expect(full).toBeHidden();
  await screen(page, 'home');
});

test('the warning meets the contrast bar in both themes', async ({ page, request }) => {
  await publish(request, {
    warnings: [warning('rain', 'red', '暴雨红色预警'), warning('heat', 'yellow', '高温黄色预警')],
    announcements: [announcement('water', '本周三社区东区停水检修。')],
  });
  await openKiosk(page);
  await expect(page.getByTestId('emergency-warning')).toHaveCount(2);
  const lowest = { default: await lowestNoticeContrast(page), 'high-contrast': 0 };
  await page.getByRole('button', { name: '高对比度' }).click();
  await expect(page.locator('html[data-theme="high-contrast"]')).toHaveCount(1);
  lowest['high-contrast'] = await lowestNoticeContrast(page);
  await expectNoAxeViolations(page, 'home with warnings (高对比度)');
  // The bars of docs/accessibility.md: the default theme >= 10:1, high contrast >= 15:1.
  expect(lowest.default).toBeGreaterThanOrEqual(10);
  expect(lowest['high-contrast']).toBeGreaterThanOrEqual(15);
  console.log(
    `warnings' lowest text contrast: default ${lowest.default.toFixed(2)}:1, ` +
      `high contrast ${lowest['high-contrast'].toFixed(2)}:1`,
  );
});

test('a resident takes a ticket with a warning shown, is not talked over, and a warning that came meanwhile is read when home is back', async ({
  page,
  request,
}) => {
  await recordSpeech(page);
  const spoken = () => spokenTexts(page);
  await openKiosk(page);
  const rain = warning('rain', 'red', '暴雨红色预警');
  await publish(request, { warnings: [rain], announcements: [] });
  await expect.poll(spoken).toContainEqual(expect.stringContaining('暴雨红色预警'));

  await page.getByRole('button', { name: '排队取号' }).click();
  await screen(page, 'choose-service');
  await publish(request, {
    warnings: [rain, warning('heat', 'yellow', '高温黄色预警')],
    announcements: [],
  });
  await page.getByRole('button', { name: /综合咨询/ }).click();
  await page.getByRole('button', { name: /跳过/ }).click();
  await page.getByRole('button', { name: '不需要' }).click();
  await screen(page, 'ticket-shown');
  await expect(page.getByTestId('ticket-number')).toHaveText(/[A-Z]\d+/);
  // Nothing about warnings was said while the resident was in the flow.
  expect((await spoken()).filter((t) => t.includes('高温黄色预警'))).toEqual([]);
  await page.getByRole('button', { name: '完成' }).click();
  await skipRating(page);
  await expect
    .poll(spoken)
    .toContainEqual(expect.stringMatching(/^突发事件预警。黄色预警。高温黄色预警/));
  // The red one was heard a moment ago: not again within the gap.
  expect((await spoken()).filter((t) => t.includes('暴雨红色预警'))).toHaveLength(1);
});
