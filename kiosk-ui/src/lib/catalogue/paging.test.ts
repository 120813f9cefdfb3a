import { describe, expect, it } from 'vitest';
import { TEXT_SCALES } from '../screen-profile.js';
import { LIST_LAYOUT_MM, listPageSize, pageOf } from './paging.js';

/** 1080 CSS px tall at 0.248 and 0.369 mm per px (screen-profile.ts). */
const FHD_21 = 1080 * 0.248;
const FHD_32 = 1080 * 0.369;

describe('page size', () => {
  it('fits fewer rows at each larger text size, and never none', () => {
    const sizes = TEXT_SCALES.map((s) => listPageSize(FHD_21, s.factor));
    expect(sizes).toEqual([5, 4, 3, 2]);
    expect(listPageSize(100, 1.5)).toBe(1);
  });

  it('fits more rows on a larger screen of the same resolution', () => {
    expect(listPageSize(FHD_32, 1)).toBeGreaterThan(listPageSize(FHD_21, 1));
  });

  it('leaves the rows of a page within the screen', () => {
    for (const height of [FHD_21, FHD_32, 1920 * 0.369]) {
      for (const { factor } of TEXT_SCALES) {
        const n = listPageSize(height, factor);
        const { row, rowGap, scaledChrome, fixedChrome } = LIST_LAYOUT_MM;
        const used = fixedChrome + (scaledChrome + n * row + (n - 1) * rowGap) * factor;
        expect(used).toBeLessThanOrEqual(height);
      }
    }
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
