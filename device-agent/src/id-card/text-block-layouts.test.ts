import { describe, expect, it } from 'vitest';
import { LAYOUTS, MARKER_OFFSET, TEXT_BLOCK_LENGTH } from './text-block-layouts.js';

describe('text block layouts', () => {
  it.each(LAYOUTS.map((layout) => [layout.cardType, layout] as const))(
    '%s: whole characters inside the block, no overlaps, the marker left free',
    (_cardType, layout) => {
      const owner = new Array<string | undefined>(TEXT_BLOCK_LENGTH);
      for (const [offset, length, field] of layout.slots) {
        expect(offset % 2, field).toBe(0);
        expect(length % 2, field).toBe(0);
        expect(offset + length, field).toBeLessThanOrEqual(TEXT_BLOCK_LENGTH);
        for (let i = offset; i < offset + length; i++) {
          expect(owner[i], `${field} overlaps ${owner[i]}`).toBeUndefined();
          owner[i] = field;
        }
      }
      expect(owner.slice(MARKER_OFFSET, MARKER_OFFSET + 2)).toEqual([undefined, undefined]);
      expect(layout.marker).toHaveLength(1);
    },
  );

  it('tells the layouts apart by their markers', () => {
    const markers = LAYOUTS.map((layout) => layout.marker);
    expect(new Set(markers).size).toBe(LAYOUTS.length);
    expect(markers).toEqual([' ', 'J', 'I', 'Y']);
  });
});
