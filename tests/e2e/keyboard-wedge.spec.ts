import { expect, test, type Page } from '@playwright/test';
import { openKiosk, screen } from './helpers.js';

/** How far apart a USB wedge scanner types its keys. */
const SCANNER_KEY_GAP_S = 0.005;

/**
 * Types `code` and Enter into the page as a keyboard-wedge scanner does, each key stamped 5 ms
 * after the one before. Chromium's own input path (DevTools `Input.dispatchKeyEvent`), with the
 * key's time given as a scanner's: Playwright's `keyboard.type` stamps each key when the
 * browser gets to it, and on a busy test machine keys of one burst were measured up to 124 ms
 * apart, which no timing rule can tell from typing.
 */
async function scan(page: Page, code: string): Promise<void> {
  const devtools = await page.context().newCDPSession(page);
  const start = Date.now() / 1000;
  for (const [index, key] of [...code, 'Enter'].entries()) {
    const enter = key === 'Enter';
    const text = enter ? '\r' : key;
    const timestamp = start + index * SCANNER_KEY_GAP_S;
    await devtools.send('Input.dispatchKeyEvent', {
      type: 'keyDown',
      key,
      code: enter ? 'Enter' : undefined,
      text,
      unmodifiedText: text,
      windowsVirtualKeyCode: enter ? 13 : key.toUpperCase().charCodeAt(0),
      timestamp,
    });
    await devtools.send('Input.dispatchKeyEvent', { type: 'keyUp', key, timestamp });
  }
  await devtools.detach();
}

test('a keyboard-wedge scanner is read without a focused box and never types into a focused field', async ({
  page,
}) => {
  await openKiosk(page);
  const received = page.getByTestId('last-scan');
  await expect(received).toHaveText('');

  // Focus on a button, no field: the burst and its Enter press nothing (the start button is
  // not pressed), and the kiosk receives the code.
  await page.getByRole('button', { name: '排队取号' }).focus();
  await scan(page, 'YY20261126A0001');
  await expect(received).toHaveText(/收到扫码，15 个字符/);
  await screen(page, 'home');

  // A text field has focus (the development panel's): the burst never lands in it.
  const field = page.getByLabel('码内容（预约码、电子社保卡等）');
  await field.focus();
  await scan(page, 'SB3701020000123456');
  await expect(received).toHaveText(/收到扫码，18 个字符/);
  await expect(field).toHaveValue('');

  // A person typing slowly into the same field keeps their keys.
  await page.keyboard.type('A1', { delay: 120 });
  await expect(field).toHaveValue('A1');
});
