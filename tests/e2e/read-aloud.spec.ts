import { expect, test, type Page } from '@playwright/test';
import { VOLUMES } from '../../kiosk-ui/src/lib/speech-volumes.js';
import {
  expectNoAxeViolations,
  heardTexts,
  openKiosk,
  plugReader,
  readerState,
  recordSpeech,
  resetDevicesBeforeEach,
  screen,
  skipRating,
  speechCalls,
  spokenTexts,
} from './helpers.js';
import { JOURNEYS } from './journeys.js';
import { setTextStep } from './steps.js';
import {
  expectFits,
  expectMillimetreBar,
  expectSpeechControlsClear,
  measure,
  PROFILES,
  saveScreenshot,
  type ProfileName,
} from './screen-checks.js';

resetDevicesBeforeEach();

/** The gains of the volume levels (lib/speech-volumes.ts): where a resident starts, and 大. */
const [{ gain: START_GAIN }, { gain: LOUD_GAIN }] = VOLUMES;

/** What was said from utterance `from` on: every text with its volume. */
const heardSince = async (page: Page, from: number) => (await heardTexts(page)).slice(from);

for (const profileName of Object.keys(PROFILES) as ProfileName[]) {
  const profile = PROFILES[profileName];
  test.describe(`${profileName} ${profile.label}, read-aloud on, text at 超大`, () => {
    test.use({ viewport: profile.viewport });
    // A whole journey with a check on every screen: longer than one step's test.
    test.describe.configure({ timeout: 240_000 });

    for (const journey of JOURNEYS) {
      test(`${journey.name}: the resident completes it, hears every screen, and nothing personal is spoken`, async ({
        page,
        request,
      }) => {
        await recordSpeech(page);
        await openKiosk(page);
        await setTextStep(page, '超大');
        await page.getByRole('button', { name: '朗读：关' }).click();
        const controls = page.getByRole('group', { name: '朗读控制' });
        await expect(controls).toBeVisible();
        // One step louder: the level's name is said at it, and so is the whole journey after.
        const louderFrom = (await heardTexts(page)).length;
        await controls.getByRole('button', { name: '音量：中' }).click();
        await expect(controls.getByRole('button', { name: '音量：大' })).toBeVisible();
        expect(await heardSince(page, louderFrom)).toEqual([
          { text: '音量：大', volume: LOUD_GAIN },
        ]);
        // Per screen: whether arriving there (or turning its page) was followed by speech.
        const heard = new Map<string, boolean>();
        let spokenBefore = 0;
        let shot = 0;
        await journey.run(page, request, 'standard', async (name) => {
          const where = `${name} (${profileName}, 超大, read-aloud)`;
          shot++;
          await saveScreenshot(
            page,
            `${profileName}-largest-read-aloud-${journey.name}-${shot}-${name}`,
          );
          // Every screen keeps the resident's settings and the read-aloud controls.
          await expect(page.getByRole('button', { name: '字号：超大' })).toBeVisible();
          await expect(page.getByRole('button', { name: '朗读：开' })).toBeVisible();
          await expect(page.getByRole('button', { name: '音量：大' })).toBeVisible();
          const m = await measure(page, profile.mmPerPx);
          expectMillimetreBar(m, where);
          // Long content pages with 上一页 / 下一页 instead of scrolling, at the largest size too.
          expectFits(m, where);
          await expectSpeechControlsClear(page, where);
          const spokenNow = (await spokenTexts(page)).length;
          heard.set(name, (heard.get(name) ?? false) || spokenNow > spokenBefore);
          spokenBefore = spokenNow;
        });
        await screen(page, 'home');
        const journeyHeard = await heardSince(page, louderFrom);
        expect(
          journeyHeard.filter((u) => u.volume !== LOUD_GAIN),
          'said at another volume than the one chosen',
        ).toEqual([]);
        const spoken = await spokenTexts(page);
        const silent = [...heard].filter(([, said]) => !said).map(([name]) => name);
        expect(silent, 'screens reached and never read aloud').toEqual([]);
        for (const call of await speechCalls(page)) {
          if (call.startsWith('speak:'))
            expect(call, 'spoken in Mandarin').toMatch(/^speak:zh-CN:/);
        }
        for (const text of spoken) {
          for (const personal of journey.personal) {
            expect(text, `spoken aloud: ${personal}`).not.toContain(personal);
          }
        }
        // The next resident starts with read-aloud off, the default text size and volume.
        await expect(page.getByRole('button', { name: '朗读：关' })).toBeVisible();
        await expect(page.getByRole('button', { name: '字号：标准' })).toBeVisible();
        await expect(controls).toHaveCount(0);
        const nextFrom = (await heardTexts(page)).length;
        await page.getByRole('button', { name: '朗读：关' }).click();
        await expect(controls.getByRole('button', { name: '音量：中' })).toBeVisible();
        expect(await heardSince(page, nextFrom)).toEqual([
          {
            text: '便民自助服务。查看办事指南请按办理业务，只取号请按排队取号。',
            volume: START_GAIN,
          },
        ]);
      });
    }
  });
}

test('the read-aloud controls pause, resume, repeat and stop, and the next touch anywhere stops the speech', async ({
  page,
}) => {
  await recordSpeech(page);
  await openKiosk(page);
  await page.getByRole('button', { name: '排队取号' }).click();
  await screen(page, 'choose-service');
  const controls = page.getByRole('group', { name: '朗读控制' });
  await expect(controls).toHaveCount(0);
  const start = (await speechCalls(page)).length;
  await page.getByRole('button', { name: '朗读：关' }).click();
  await expect(controls).toBeVisible();
  const screenText = '请选择要办理的业务。';
  expect(await spokenTexts(page)).toEqual([screenText]);

  await controls.getByRole('button', { name: '暂停' }).click();
  await expect(controls.getByRole('button', { name: '继续' })).toBeFocused();
  await controls.getByRole('button', { name: '继续' }).click();
  await controls.getByRole('button', { name: '重听' }).click();
  await controls.getByRole('button', { name: '停止' }).click();
  await expect(controls.getByRole('button', { name: '停止' })).toBeDisabled();
  await expect(controls.getByRole('button', { name: '暂停' })).toBeDisabled();
  // 停止 keeps the focus it was given, for a resident on a keyboard or switch.
  await expect(controls.getByRole('button', { name: '停止' })).toBeFocused();
  // Nothing was being said, so the tap on 朗读 cancels nothing; then the screen is read.
  expect((await speechCalls(page)).slice(start)).toEqual([
    `speak:zh-CN:${screenText}`,
    'pause',
    'resume',
    'cancel',
    `speak:zh-CN:${screenText}`,
    'cancel',
  ]);
  await saveScreenshot(page, 'read-aloud-controls');

  // A touch anywhere that is not a control stops the speech: here the screen's heading.
  await controls.getByRole('button', { name: '重听' }).click();
  const before = (await speechCalls(page)).length;
  await page.locator('main h1').click();
  expect((await speechCalls(page)).slice(before)).toEqual(['cancel']);
  await expect(controls.getByRole('button', { name: '停止' })).toBeDisabled();

  // Turned off, nothing is left to hear again, and the controls go.
  await page.getByRole('button', { name: '朗读：开' }).click();
  await expect(controls).toHaveCount(0);
});

test('音量 steps through its levels, each said at its level, the idle warning too, and the next resident starts at the default', async ({
  page,
}) => {
  const [{ gain: medium }, { gain: loud }, { gain: soft }] = VOLUMES;
  await page.clock.install();
  await recordSpeech(page);
  await openKiosk(page);
  await page.getByRole('button', { name: '排队取号' }).click();
  await screen(page, 'choose-service');
  const controls = page.getByRole('group', { name: '朗读控制' });
  await page.getByRole('button', { name: '朗读：关' }).click();
  await expect(controls.getByRole('button', { name: '音量：中' })).toBeVisible();
  await expectNoAxeViolations(page, 'choose-service, with the read-aloud controls');
  const screenText = '请选择要办理的业务。';
  expect(await heardTexts(page)).toEqual([{ text: screenText, volume: medium }]);

  // One button whose word changes, so focus stays on it; each level is said at that level.
  const volume = controls.getByRole('button', { name: /^音量/ });
  await volume.click();
  await expect(volume).toHaveText('音量：大');
  await expect(volume).toBeFocused();
  // 重听 says the screen again at the new level, not the level's name.
  await controls.getByRole('button', { name: '重听' }).click();
  await volume.click();
  await expect(volume).toHaveText('音量：小');
  await volume.click();
  await expect(volume).toHaveText('音量：中');
  await volume.click();
  expect((await heardTexts(page)).slice(1)).toEqual([
    { text: '音量：大', volume: loud },
    { text: screenText, volume: loud },
    { text: '音量：小', volume: soft },
    { text: '音量：中', volume: medium },
    { text: '音量：大', volume: loud },
  ]);

  // The warning speaks at the resident's level; when nobody answers, the way home resets it.
  await page.clock.fastForward(120_000);
  await screen(page, 'idle-warning');
  expect((await heardTexts(page)).at(-1)).toEqual({
    text: '您还在办理吗？如需继续，请按继续办理。',
    volume: loud,
  });
  await page.clock.fastForward(31_000);
  await screen(page, 'home');
  await expect(controls).toHaveCount(0);
  const before = (await heardTexts(page)).length;
  await page.getByRole('button', { name: '朗读：关' }).click();
  await expect(volume).toHaveText('音量：中');
  expect(await heardSince(page, before)).toEqual([
    { text: '便民自助服务。查看办事指南请按办理业务，只取号请按排队取号。', volume: medium },
  ]);
});

test('the ID number typed on the keypad is never spoken, only what to do and what is wrong', async ({
  page,
}) => {
  await recordSpeech(page);
  await openKiosk(page);
  await page.getByRole('button', { name: '朗读：关' }).click();
  await page.getByRole('button', { name: '排队取号' }).click();
  await page.getByRole('button', { name: /综合咨询/ }).click();
  await page.getByRole('button', { name: /输入身份证号码/ }).click();
  await screen(page, 'enter-id-number');
  const pad = page.getByRole('group', { name: '数字键盘' });
  // GB 11643's example with its check character changed: wrong, and said so.
  for (const key of '110105194912310021') {
    await pad.getByRole('button', { name: key, exact: true }).click();
  }
  await page.getByRole('button', { name: '确认', exact: true }).click();
  await expect
    .poll(async () => (await spokenTexts(page)).some((text) => text.includes('校验码')))
    .toBe(true);
  await page.getByRole('group', { name: '朗读控制' }).getByRole('button', { name: '重听' }).click();
  const spoken = await spokenTexts(page);
  for (const text of spoken) {
    expect(text).not.toMatch(/\d{4}/);
    for (const part of ['110105', '19491231', '0021']) expect(text).not.toContain(part);
  }
});

test('without a voice in the browser, the agent reads every screen aloud, and nothing personal reaches it', async ({
  page,
  request,
}) => {
  await recordSpeech(page, []);
  const sent: string[] = [];
  const endings: unknown[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/api/v1/read-aloud')) {
      const { text, language } = r.postDataJSON() as { text: string; language: string };
      sent.push(`${language}: ${text}`);
    }
  });
  page.on('response', async (r) => {
    if (r.url().endsWith('/api/v1/read-aloud')) {
      const body: unknown = await r.json();
      endings.push(r.status(), body);
    }
  });
  await openKiosk(page);
  await page.getByRole('button', { name: '朗读：关' }).click();
  const journey = JOURNEYS.find((j) => j.name === 'take-ticket')!;
  await journey.run(page, request, 'standard', async () => {});
  // The browser was asked for nothing; the agent for each screen, in Mandarin.
  expect(await spokenTexts(page)).toEqual([]);
  expect(sent).toContain('zh-CN: 请选择要办理的业务。');
  expect(sent.length).toBeGreaterThanOrEqual(4);
  for (const text of sent) {
    for (const part of journey.personal) expect(text).not.toContain(part);
  }
  // The agent answered each (espeak-ng says it, or on a machine without sound fails to).
  await expect.poll(() => endings.length).toBe(sent.length * 2);
  for (let i = 0; i < endings.length; i += 2) {
    expect(endings[i]).toBe(200);
    expect(endings[i + 1]).toEqual({ ended: expect.stringMatching(/^(finished|stopped|failed)$/) });
  }
});

test('with the card reader faulted, the card step says so and what to do instead, in both flows, and says it again once it is back', async ({
  page,
  request,
}) => {
  // A fault counts after two equal readings of the health poll (every 5 s), recovery at once.
  test.setTimeout(120_000);
  const ticketReaderDown =
    '读卡器暂时不能使用。请按输入身份证号码，用数字键输入；也可以按跳过直接取号，或呼叫工作人员。';
  const applyReaderDown = '读卡器暂时不能使用。请按输入身份证号码，用数字键输入，或呼叫工作人员。';
  const applyPlaceCard =
    '请将身份证放在读卡区，或按输入身份证号码。身份证上的姓名和号码不用再填写。';
  const notice = page.getByText('读卡器暂时不能使用。');
  const controls = page.getByRole('group', { name: '朗读控制' });
  const lastCall = async () => (await speechCalls(page)).at(-1);
  const saidSince = async (from: number) => (await spokenTexts(page)).slice(from);

  await recordSpeech(page);
  await openKiosk(page);
  await plugReader(request, false);
  try {
    await expect.poll(() => readerState(request), { timeout: 30_000 }).toBe('reader-offline');

    // Taking a ticket: the card step, reached with the reader already faulted.
    await page.getByRole('button', { name: '排队取号' }).click();
    await screen(page, 'choose-service');
    await page.getByRole('button', { name: '朗读：关' }).click();
    const beforeTicket = (await spokenTexts(page)).length;
    await page.getByRole('button', { name: /综合咨询/ }).click();
    await screen(page, 'identify');
    await expect(notice).toBeVisible();
    // Nothing on the screen asks for the card.
    await expect(page.getByRole('heading', { name: '暂时不能读身份证' })).toBeVisible();
    await expect(page.getByText('读卡区在屏幕下方')).toHaveCount(0);
    await expect.poll(() => saidSince(beforeTicket)).toEqual([ticketReaderDown]);
    // 重听 says what the screen shows.
    await controls.getByRole('button', { name: '重听' }).click();
    await expect.poll(lastCall).toBe(`speak:zh-CN:${ticketReaderDown}`);

    await page.getByRole('button', { name: '首页' }).click();
    await skipRating(page);

    // Applying: the card step is the flow's first screen.
    await page.getByRole('button', { name: '办事指南 · 业务办理' }).click();
    await page.getByRole('button', { name: /标准模式/ }).click();
    await page.getByRole('button', { name: '民政', exact: true }).click();
    await page.getByRole('button', { name: '高龄津贴申领' }).click();
    await screen(page, 'service-guide');
    await page.getByRole('button', { name: '朗读：关' }).click();
    const beforeApply = (await spokenTexts(page)).length;
    await page.getByRole('button', { name: '在这里申请' }).click();
    await screen(page, 'apply-identify');
    await expect(notice).toBeVisible();
    await expect.poll(() => saidSince(beforeApply)).toEqual([applyReaderDown]);
    await controls.getByRole('button', { name: '重听' }).click();
    await expect.poll(lastCall).toBe(`speak:zh-CN:${applyReaderDown}`);

    // Back while the resident is on the step: said at once, as the notice goes.
    const beforeBack = (await spokenTexts(page)).length;
    await plugReader(request, true);
    await expect(notice).toHaveCount(0, { timeout: 30_000 });
    await expect(page.getByRole('heading', { name: '请将身份证放在读卡区' })).toBeVisible();
    await expect.poll(() => saidSince(beforeBack)).toEqual([applyPlaceCard]);
    await controls.getByRole('button', { name: '重听' }).click();
    await expect.poll(lastCall).toBe(`speak:zh-CN:${applyPlaceCard}`);
  } finally {
    // The agent is shared by every test after this one.
    await plugReader(request, true);
    await expect.poll(() => readerState(request), { timeout: 30_000 }).toBe('ready');
  }
});
