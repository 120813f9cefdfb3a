import type { Page } from '@playwright/test';

export interface TextContrast {
  text: string;
  ratio: number;
}

/**
 * The contrast ratio (WCAG 2.x relative luminance) of every visible element that holds text of
 * its own inside `selector`, against the first opaque background behind it in the document tree.
 * By default the resident's screen; the developer panel of dev mode keeps its own colours.
 */
export function textContrasts(
  page: Page,
  selector = '.kiosk > :not(aside) *',
): Promise<TextContrast[]> {
  return page.evaluate((selector) => {
    const rgba = (css: string) => {
      const parts = css.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0, 0];
      return { rgb: parts.slice(0, 3), alpha: parts[3] ?? 1 };
    };
    const luminance = (rgb: number[]) => {
      const [r, g, b] = rgb.map((v) => {
        const c = v / 255;
        return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const background = (element: Element) => {
      for (let at: Element | null = element; at; at = at.parentElement) {
        const colour = rgba(getComputedStyle(at).backgroundColor);
        if (colour.alpha === 1) return colour.rgb;
      }
      return [255, 255, 255];
    };
    const ownText = (element: Element) =>
      Array.from(element.childNodes)
        .filter((node) => node.nodeType === Node.TEXT_NODE)
        .map((node) => node.textContent?.trim() ?? '')
        .join('');
    const visible = (element: Element) => {
      const box = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      return box.width > 1 && box.height > 1 && style.visibility !== 'hidden';
    };
    return Array.from(document.querySelectorAll(selector))
      .filter((element) => ownText(element) !== '' && visible(element))
      .map((element) => {
        const ink = luminance(rgba(getComputedStyle(element).color).rgb);
        const paper = luminance(background(element));
        const ratio = (Math.max(ink, paper) + 0.05) / (Math.min(ink, paper) + 0.05);
        const where = `${element.tagName.toLowerCase()}.${Array.from(element.classList).join('.')}`;
        return { text: `${ownText(element).slice(0, 20)}" (${where}`, ratio };
      });
  }, selector);
}
