import { expect, test } from '@playwright/test';
import { REHEARSALS } from '../../kiosk-ui/src/lib/flows/session/rehearsal.js';
import { IDLE_WORK_DONE } from '../../kiosk-ui/src/lib/idle-work-mark.js';
import { TEXT_SCALES } from '../../kiosk-ui/src/lib/styles/text-sizes.js';
import { openKiosk } from './helpers.js';

test('a long press or right click on the kiosk opens no context menu', async ({ page }) => {
  await openKiosk(page);
  const prevented = await page.evaluate(() => {
    const event = new MouseEvent('contextmenu', { bubbles: true, cancelable: true });
    document.querySelector('main')?.dispatchEvent(event);
    return event.defaultPrevented;
  });
  expect(prevented).toBe(true);
});

test('while the kiosk stands idle it draws the flows’ screens out of sight, and leaves nothing behind', async ({
  page,
}) => {
  // What the rehearsal adds to the page, as seen when each task ends: the stages it drew into
  // (inert, hidden) and the headings drawn in them; and the agent calls it must not make.
  await page.addInitScript(() => {
    const seen = { stages: 0, headings: [] as string[], scaled: [] as string[] };
    (globalThis as unknown as { rehearsal: typeof seen }).rehearsal = seen;
    new MutationObserver((records) => {
      for (const record of records) {
        for (const node of Array.from(record.addedNodes)) {
          if (!(node instanceof HTMLElement)) continue;
          if (node.inert && node.getAttribute('aria-hidden') === 'true') seen.stages++;
          if ((record.target as HTMLElement).inert) {
            const heading = node.matches('h1') ? node : node.querySelector('h1');
            if (heading?.textContent) seen.headings.push(heading.textContent.trim());
            const scale = (record.target as HTMLElement).style.getPropertyValue('--scale');
            if (heading?.textContent) seen.scaled.push(`${heading.textContent.trim()} ${scale}`);
          }
        }
      }
    }).observe(document, { subtree: true, childList: true });
  });
  const calls: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST') calls.push(new URL(request.url()).pathname);
  });
  await openKiosk(page);
  const rehearsal = () =>
    page.evaluate(
      () =>
        (
          globalThis as unknown as {
            rehearsal: { stages: number; headings: string[]; scaled: string[] };
          }
        ).rehearsal,
    );
  await expect
    .poll(
      () => page.evaluate((mark) => performance.getEntriesByName(mark).length, IDLE_WORK_DONE),
      {
        timeout: 30_000,
      },
    )
    .toBe(1);
  // The screens a resident's first taps reach (13: home and the idle warning are not drawn),
  // each as many times as the rehearsal runs; then every guide at every text size, each at that
  // size.
  expect((await rehearsal()).stages).toBeGreaterThan(13 * REHEARSALS);
  expect((await rehearsal()).scaled).toEqual(
    expect.arrayContaining(TEXT_SCALES.map(({ factor }) => `异地就医备案 ${factor}`)),
  );
  // A stage lays its screen out at its own text size: kiosk.css sizes its text from its --scale
  // as the root's from the glass's (the rehearsal's stages are gone by now, so one is made here).
  const sizes = await page.evaluate(() => {
    const stage = document.createElement('div');
    stage.dataset.textScale = '';
    stage.style.setProperty('--scale', '2');
    const line = document.createElement('p');
    line.textContent = '办事指南';
    stage.append(line);
    document.querySelector('main')!.append(stage);
    const shown = {
      stage: parseFloat(getComputedStyle(line).fontSize),
      body: parseFloat(getComputedStyle(document.body).fontSize),
    };
    stage.remove();
    return shown;
  });
  expect(sizes.stage).toBeCloseTo(sizes.body * 2, 0);
  // The queue list, the card step, 好差评, the catalogue and a service's guide among them.
  expect((await rehearsal()).headings).toEqual(
    expect.arrayContaining([
      '请选择要办理的业务',
      '请将身份证放在读卡区',
      '请为本次服务评价',
      '请选择业务类别',
      '社保业务',
    ]),
  );
  // Nothing of it is left on the page, the resident's screen is home, and no agent call was made.
  await expect(page.locator('[inert]')).toHaveCount(0);
  await expect(page.locator('[data-screen="home"]')).toBeVisible();
  await expect(page.locator('main h1')).toHaveCount(1);
  expect(calls).toEqual([]);
});
