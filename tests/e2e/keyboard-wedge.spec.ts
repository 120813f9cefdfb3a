import { expect, test } from '@playwright/test';
import { openKiosk, screen } from './helpers.js';

test('a keyboard-wedge scanner is read without a focused box and never types into a focused field', async ({
  page,
}) => {
  await openKiosk(page);
  const received = page.getByTestId('last-scan');
  await expect(received).toHaveText('');

  // Focus on the page itself: the burst and its Enter press nothing (the start button is
  // not pressed), and the kiosk receives the code.
  await page.getByRole('button', { name: '排队取号' }).focus();
  await page.keyboard.type('YY20261126A0001');
  await page.keyboard.press('Enter');
  await expect(received).toHaveText(/收到扫码，15 个字符/);
  await screen(page, 'home');

  // A text field has focus (the development panel's): the burst never lands in it.
  const field = page.getByLabel('码内容（预约码、电子社保卡等）');
  await field.focus();
  await page.keyboard.type('SB3701020000123456');
  await page.keyboard.press('Enter');
  await expect(received).toHaveText(/收到扫码，18 个字符/);
  await expect(field).toHaveValue('');

  // A person typing slowly into the same field keeps their keys.
  await page.keyboard.type('A1', { delay: 120 });
  await expect(field).toHaveValue('A1');
});
