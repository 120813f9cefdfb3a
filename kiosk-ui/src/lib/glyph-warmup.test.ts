import { describe, expect, it } from 'vitest';
import { distinctCharacters, glyphPieces } from './glyph-warmup.js';

describe('the glyph warm-up', () => {
  it('keeps each character once, in code-point order, without spaces', () => {
    expect(distinctCharacters(['医保 业务', '业务办理', 'Hi there'])).toBe('Hehirt业保办务医理');
  });

  it('lays out every character at each size and weight of each text scale, the one on the glass last', () => {
    const characters = 'x'.repeat(450);
    const pieces = glyphPieces(characters, [1, 1.5]);
    // 3 pieces of text (200 + 200 + 50) × 2 weights × 4 sizes (body, large, largest, secondary)
    // at each of the 2 scales.
    expect(pieces).toHaveLength(3 * 2 * 4 * 2);
    expect(pieces.map((p) => p.text.length).slice(0, 3)).toEqual([200, 200, 50]);
    expect(pieces[0]).toMatchObject({ fontSize: 'calc(var(--text-base) * 1.5)', weight: 400 });
    expect(pieces.at(-1)).toMatchObject({
      fontSize: 'calc(var(--text-base) * min(1, var(--grow-cap)))',
      weight: 700,
    });
    expect(new Set(pieces.slice(24).map((p) => p.fontSize))).toEqual(
      new Set([
        'calc(var(--text-base) * 1)',
        'calc(var(--text-l-base) * 1)',
        'calc(var(--text-xl-base) * 1)',
        'calc(var(--text-base) * min(1, var(--grow-cap)))',
      ]),
    );
  });
});
