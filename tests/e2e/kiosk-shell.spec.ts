import { expect, test } from '@playwright/test';
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
