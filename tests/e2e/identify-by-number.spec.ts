import { expect, test, type Page } from '@playwright/test';
import {
  expectNoAxeViolations,
  openKiosk,
  recordSpeech,
  resetDevicesBeforeEach,
  screen,
  skipRating,
  spokenTexts,
} from './helpers.js';

// GB 11643's example: born 31 December 1949, so the age rule gives priority.
const NUMBER = '11010519491231002X';
const WRONG_CHECK = '110105194912310021';

resetDevicesBeforeEach();

async function type(page: Page, digits: string): Promise<void> {
  const keypad = page.getByRole('group', { name: '数字键盘' });
  for (const key of digits) await keypad.getByRole('button', { name: key, exact: true }).click();
}

/** Everything the browser keeps for the page: storage, IndexedDB's contents, cookies. */
async function browserStorage(page: Page): Promise<string> {
  const stored = await page.evaluate(async () => {
    const dump = (s: Storage) => Object.entries(s).map(([k, v]) => `${k}=${v}`);
    const databases = await indexedDB.databases();
    const records: string[] = [];
    for (const { name } of databases) {
      if (!name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const all = db.transaction(store).objectStore(store).getAll();
        records.push(
          JSON.stringify(
            await new Promise((resolve) => {
              all.onsuccess = () => resolve(all.result);
            }),
          ),
        );
      }
      db.close();
    }
    return [...dump(localStorage), ...dump(sessionStorage), ...records].join('\n');
  });
  const cookies = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`);
  return [stored, ...cookies].join('\n');
}

test('a resident without the card types the ID number, is told the check digit is wrong, fixes it and gets a priority ticket; the number is gone after reset', async ({
  page,
}) => {
  await recordSpeech(page);
  await openKiosk(page);
  await page.getByRole('button', { name: '朗读：关' }).click();
  await page.getByRole('button', { name: '排队取号' }).click();
  await page.getByRole('button', { name: /综合咨询/ }).click();
  await screen(page, 'identify');
  await page.getByRole('button', { name: /输入身份证号码/ }).click();

  await screen(page, 'enter-id-number');
  await expectNoAxeViolations(page, 'enter-id-number');
  await type(page, WRONG_CHECK);
  // Shown 6-8-4, as the card prints it.
  await expect(page.getByTestId('id-number')).toHaveText(/110105\s*19491231\s*0021/);
  // Assistive technology gets the count, never the characters, and nothing is read out live.
  await expect(page.getByTestId('id-number')).not.toHaveAttribute('aria-label');
  await expect(page.getByTestId('id-number-count')).toHaveText('已输入 18 位，共 18 位');
  expect((await page.locator('[aria-live]').allTextContents()).join('|')).not.toMatch(/110105/);
  await page.getByRole('button', { name: '确认', exact: true }).click();
  const problem = page.getByTestId('id-problem');
  await expect(problem).toContainText('最后一位校验码');
  await expect(problem).toBeFocused();
  await expectNoAxeViolations(page, 'enter-id-number with an error');
  // 确认 again with the same number: the same problem takes focus again, to be heard again.
  const confirm = page.getByRole('button', { name: '确认', exact: true });
  await confirm.focus();
  await confirm.click();
  await expect(problem).toBeFocused();

  await page.getByRole('button', { name: '删除' }).click();
  await type(page, 'X');
  await expect(problem).toHaveCount(0);
  await page.getByRole('button', { name: '确认', exact: true }).click();

  // 76 years old by the number's birth date: priority without being asked, as with the card.
  await screen(page, 'ticket-shown');
  await expect(page.getByText('绿色通道 · 优先办理')).toBeVisible();
  await page.getByRole('button', { name: '完成' }).click();
  await skipRating(page);

  // Never spoken through the loudspeaker, not even a group of it.
  const spoken = await spokenTexts(page);
  expect(spoken.length).toBeGreaterThan(3);
  for (const part of ['110105', '19491231', '002X', '0021']) {
    expect(spoken.join('\n')).not.toContain(part);
  }
  // After reset the number is nowhere: not in the page, not in anything the browser keeps.
  const html = await page.content();
  for (const part of [NUMBER, WRONG_CHECK, '19491231']) {
    expect(html).not.toContain(part);
    expect(await browserStorage(page)).not.toContain(part);
  }
});
