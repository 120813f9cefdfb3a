import { expect, test } from '@playwright/test';
import {
  expectNoAxeViolations,
  openKiosk,
  resetDevicesBeforeEach,
  screen,
  takeTicketWithoutCard,
} from './helpers.js';

resetDevicesBeforeEach();

test('after a ticket the resident rates it with a level and reasons, and only that is sent', async ({
  page,
}) => {
  await openKiosk(page);
  await takeTicketWithoutCard(page);
  await page.getByRole('button', { name: '完成' }).click();

  await screen(page, 'rate-level');
  await expectNoAxeViolations(page, 'rate-level');
  for (const label of ['非常满意', '满意', '基本满意', '不满意', '非常不满意']) {
    await expect(page.getByRole('button', { name: label, exact: true })).toBeVisible();
  }
  await page.getByRole('button', { name: '不满意', exact: true }).click();

  await screen(page, 'rate-reasons');
  const wait = page.getByRole('button', { name: '等待太久' });
  await wait.click();
  await expect(wait).toHaveAttribute('aria-pressed', 'true');
  await expectNoAxeViolations(page, 'rate-reasons');

  const posted = page.waitForRequest((r) => r.url().endsWith('/api/v1/ratings'));
  await page.getByRole('button', { name: '提交评价' }).click();
  const request = await posted;
  expect(request.postDataJSON()).toEqual({
    serviceId: 'general-enquiry',
    level: 'dissatisfied',
    reasons: ['long-wait'],
    outcome: 'ticket-issued',
  });
  expect((await request.response())?.status()).toBe(204);

  await screen(page, 'rate-thanks');
  await expectNoAxeViolations(page, 'rate-thanks');
  await page.getByRole('button', { name: '完成' }).click();
  await screen(page, 'home');
});

test('a resident who leaves a guide midway may skip the rating; nothing is sent', async ({
  page,
}) => {
  let ratings = 0;
  page.on('request', (r) => {
    if (r.url().endsWith('/api/v1/ratings')) ratings++;
  });
  await openKiosk(page);
  await page.getByRole('button', { name: '办事指南 · 业务办理' }).click();
  await page.getByRole('button', { name: /标准模式/ }).click();
  await page.getByRole('button', { name: '医保', exact: true }).click();
  await page.getByRole('button', { name: '异地就医备案' }).click();
  await screen(page, 'service-guide');
  await page.getByRole('button', { name: '首页' }).click();
  await screen(page, 'rate-level');
  await page.getByRole('button', { name: '跳过' }).click();
  await screen(page, 'home');
  expect(ratings).toBe(0);
});
