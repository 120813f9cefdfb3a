import { describe, expect, it } from 'vitest';
import { TEXT_SCALES } from '../styles/text-sizes.js';
import {
  LIST_LAYOUT_MM,
  listPageSize,
  pageOf,
  rowsFitting,
  screenRoomMm,
  speechRowMm,
  type Glass,
  type ListScreen,
} from './paging.js';

/** 1080 CSS px tall at 0.248 and 0.369 mm per px (screen-profile.ts). */
const FHD_21 = 1080 * 0.248;
const FHD_32_PORTRAIT = 1920 * 0.369;
const LARGEST = TEXT_SCALES.at(-1)!.factor;

/** 取号's list of queues in Chinese (screens/ChooseService.svelte). */
const QUEUES: ListScreen = {
  heading: '请选择要办理的业务',
  pageOf: '第4/4页',
  stepAbove: false,
  buttons: ['返回首页'],
  pagerButtons: ['上一页', '下一页'],
  buttonRow: 'wrap',
};

describe('rows in a room', () => {
  it('fits n rows and the gaps between them, not one more', () => {
    const { row, rowGap } = LIST_LAYOUT_MM;
    for (const { factor } of TEXT_SCALES) {
      for (const room of [60, 100, 137, 250]) {
        const n = rowsFitting(room, factor);
        expect((n * row + (n - 1) * rowGap) * factor).toBeLessThanOrEqual(room);
        expect(((n + 1) * row + n * rowGap) * factor).toBeGreaterThan(room);
      }
    }
    expect(rowsFitting(10, LARGEST)).toBe(1);
  });
});

describe('page size', () => {
  it('fits fewer rows at each larger text size, and never none', () => {
    const sizes = TEXT_SCALES.map((s) => listPageSize(FHD_21, s.factor, QUEUES, 40));
    for (const [i, size] of sizes.entries()) {
      if (i > 0) expect(size).toBeLessThanOrEqual(sizes[i - 1]!);
    }
    expect(sizes.at(-1)).toBeLessThan(sizes[0]!);
    expect(listPageSize(100, LARGEST, QUEUES, 40)).toBe(1);
  });

  it('holds three queues at 超大 on landscape, where the step indicator stands in the margin', () => {
    // It held one while the step indicator's height was taken from the glass (issue 8).
    expect(listPageSize(FHD_21, LARGEST, QUEUES, 4)).toBe(3);
  });

  it('gives up rows where the step indicator stands above the list (portrait)', () => {
    const above = { ...QUEUES, stepAbove: true };
    expect(listPageSize(FHD_21, LARGEST, above, 40)).toBeLessThan(
      listPageSize(FHD_21, LARGEST, QUEUES, 40),
    );
    expect(listPageSize(FHD_32_PORTRAIT, 1, above, 40)).toBeGreaterThan(
      listPageSize(FHD_21, 1, QUEUES, 40),
    );
  });

  it('shows a whole list on one page where it fits without the page buttons', () => {
    // In English at 超大 上一页 and 下一页 go onto a second row beside 返回首页.
    const english = {
      ...QUEUES,
      heading: 'Choose a service',
      pageOf: 'page 4 of 4',
      buttons: ['Back to start'],
      pagerButtons: ['Previous page', 'Next page'],
    };
    expect(listPageSize(FHD_21, LARGEST, english, 3)).toBe(3);
    expect(listPageSize(FHD_21, LARGEST, english, 4)).toBeLessThan(3);
  });

  it('gives up a row for a heading on two lines and for page buttons on a second row', () => {
    const long = { ...QUEUES, heading: '请选择要办理的业务'.repeat(2) };
    expect(listPageSize(FHD_21, LARGEST, long, 40)).toBeLessThan(
      listPageSize(FHD_21, LARGEST, QUEUES, 40),
    );
    const english = {
      ...QUEUES,
      heading: 'Choose',
      buttons: ['Back to start'],
      pagerButtons: ['Previous page', 'Next page'],
    };
    expect(listPageSize(FHD_21, LARGEST, english, 40)).toBeLessThan(
      listPageSize(FHD_21, LARGEST, { ...english, buttonRow: 'nav' }, 40),
    );
  });
});

describe('the read-aloud controls on the glass', () => {
  const glass = (over: Partial<Glass>): Glass => ({
    screenHeightMm: FHD_32_PORTRAIT,
    portrait: true,
    readAloud: true,
    textScale: 0,
    language: 'zh-CN',
    ...over,
  });

  it('take a row of buttons as tall as the text size makes them, and the room above it', () => {
    const labels = ['暂停', '重听', '停止'];
    // 超大's buttons: 30 mm at least (the 20 mm target grown by 1.5), 3 mm above them.
    expect(speechRowMm(LARGEST, labels)).toBeGreaterThanOrEqual(3 + 20 * LARGEST);
    expect(speechRowMm(1, labels)).toBeLessThan(speechRowMm(LARGEST, labels));
    // Words too wide to stand beside each other in the column go onto a second row.
    const wide = ['Pause the reading of this screen', 'Hear it all again', 'Stop the reading'];
    expect(speechRowMm(LARGEST, wide)).toBeGreaterThan(2 * 20 * LARGEST);
  });

  it('take the glass’s height on portrait with read-aloud on, at every text size and language', () => {
    for (const language of ['zh-CN', 'en'] as const) {
      for (const [textScale, { factor }] of TEXT_SCALES.entries()) {
        const room = screenRoomMm(glass({ textScale, language }));
        expect(FHD_32_PORTRAIT - room).toBeGreaterThanOrEqual(3 + 20 * factor);
        // One row, the volume's button with its longest level included: the glass is wider
        // than the column.
        expect(FHD_32_PORTRAIT - room, `${language} at ${factor}`).toBeLessThan(
          3 + 2 * 20 * factor,
        );
        expect(screenRoomMm(glass({ textScale, language, readAloud: false }))).toBe(
          FHD_32_PORTRAIT,
        );
      }
    }
  });

  it('take none of it on landscape, where they stand in the margin beside the screen', () => {
    for (const readAloud of [false, true]) {
      expect(screenRoomMm(glass({ screenHeightMm: FHD_21, portrait: false, readAloud }))).toBe(
        FHD_21,
      );
    }
  });

  it('cost a long list on portrait at 超大 a row of its page, so the page still fits the glass', () => {
    // The session's list of a category: NavRow's 返回 and 首页 under it (session/views.ts).
    const list: ListScreen = {
      heading: '社保',
      pageOf: '第4/4页',
      stepAbove: false,
      buttons: ['返回', '首页'],
      pagerButtons: ['上一页', '下一页'],
      buttonRow: 'nav',
    };
    const off = listPageSize(
      screenRoomMm(glass({ textScale: 3, readAloud: false })),
      LARGEST,
      list,
      40,
    );
    const on = listPageSize(screenRoomMm(glass({ textScale: 3 })), LARGEST, list, 40);
    expect(off).toBe(13);
    expect(on).toBe(12);
  });
});

describe('pages of a list', () => {
  const items = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];

  it('cuts the list into pages and says where the resident is', () => {
    expect(pageOf(items, 0, 3)).toEqual({
      items: ['a', 'b', 'c'],
      index: 0,
      count: 3,
      hasPrevious: false,
      hasNext: true,
    });
    expect(pageOf(items, 2, 3)).toMatchObject({ items: ['g'], hasPrevious: true, hasNext: false });
  });

  it('clamps a page that no longer exists after the page size grew', () => {
    expect(pageOf(items, 5, 4)).toMatchObject({ items: ['e', 'f', 'g'], index: 1, count: 2 });
    expect(pageOf(items, -1, 4).index).toBe(0);
  });

  it('is one empty page for an empty list', () => {
    expect(pageOf([], 0, 5)).toEqual({
      items: [],
      index: 0,
      count: 1,
      hasPrevious: false,
      hasNext: false,
    });
  });
});
