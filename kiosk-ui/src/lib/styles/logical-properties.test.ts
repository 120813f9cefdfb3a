import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The resident's screens lay out right to left for a language written that way (docs/i18n.md):
 * their styles use the inline sides (`margin-inline-start`, `inset-inline-end`, `text-align:
 * start`), which follow `dir`, never left and right, which do not.
 */
const LIB = join(import.meta.dirname, '..');
const RESIDENT_FOLDERS = ['components', 'screens', 'flows', 'styles'];
const PHYSICAL =
  /(?:margin|padding|border)-(?:left|right)\b|(?:^|[\s;{])(?:left|right)\s*:|text-align:\s*(?:left|right)|float:\s*(?:left|right)/m;

function stylesIn(folder: string): { file: string; css: string }[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(svelte|css)$/.test(e.name))
    .map((e) => {
      const file = join(e.parentPath, e.name);
      const text = readFileSync(file, 'utf8');
      const css = e.name.endsWith('.css')
        ? text
        : [...text.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1]).join('\n');
      return { file: relative(LIB, file), css: css.replace(/\/\*[\s\S]*?\*\//g, '') };
    });
}

describe("the resident screens' styles", () => {
  it('use the inline sides, never left or right, so a right-to-left language mirrors them', () => {
    const physical = RESIDENT_FOLDERS.flatMap((f) => stylesIn(join(LIB, f)))
      .filter(({ css }) => PHYSICAL.test(css))
      .map(({ file, css }) => `${file}: ${css.match(PHYSICAL)?.[0].trim()}`);
    expect(physical).toEqual([]);
  });
});
