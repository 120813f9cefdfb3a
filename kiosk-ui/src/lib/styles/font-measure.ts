import type { FontMeasure } from './text-width.js';

/**
 * Text widths from the page's own font (kiosk.css's family on the root), measured on a canvas
 * the way the page draws it; the estimate where the browser has no canvas.
 */
export function canvasFontMeasure(doc: Document): FontMeasure | null {
  const context = doc.createElement('canvas').getContext('2d');
  if (!context) return null;
  return (text, weight) => {
    // Read when measuring: by then kiosk.css applies.
    const family = getComputedStyle(doc.documentElement).fontFamily;
    context.font = `${weight} 100px ${family}`;
    return context.measureText(text).width / 100;
  };
}
