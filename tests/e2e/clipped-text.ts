import { expect, type Page } from '@playwright/test';

/**
 * Text that does not stand inside its box: a word wider than its button or choice, or a line cut
 * by a box that hides what overflows it (a one-line text that did not shrink enough). Longer
 * English words are where this happens first (docs/accessibility.md, "Language"). The header's
 * terminal name gives way on purpose, with an ellipsis, and is left out.
 */
async function clippedTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    // Half a pixel of anti-aliasing either side is not a cut word.
    const slack = 1;
    const found: string[] = [];
    const root = document.querySelectorAll('.kiosk > :not(aside)');
    for (const part of Array.from(root)) {
      const walker = document.createTreeWalker(part, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        const text = (node.textContent ?? '').trim();
        if (!parent || text === '' || !parent.checkVisibility()) continue;
        if (parent.closest('.visually-hidden')) continue;
        if (getComputedStyle(parent).textOverflow === 'ellipsis') continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0);
        for (let box: Element | null = parent; box && box !== part.parentElement;) {
          const style = getComputedStyle(box);
          const clips = style.overflowX !== 'visible';
          const isBox = box.matches('button, [role="radio"]') || clips;
          if (isBox) {
            const b = box.getBoundingClientRect();
            const cut = rects.some((r) => r.right > b.right + slack || r.left < b.left - slack);
            if (cut) {
              found.push(`"${text.slice(0, 40)}" beyond its ${box.tagName.toLowerCase()}`);
              break;
            }
          }
          box = box.parentElement;
        }
      }
    }
    return found;
  });
}

/** Every text stands inside its box, across its whole width (soft: the walk goes on). */
export async function expectNoClippedText(page: Page, where: string): Promise<void> {
  expect.soft(await clippedTexts(page), `text cut sideways on ${where}`).toEqual([]);
}
