/**
 * A screen's first showing lays out text the page has not drawn before, and Chromium then
 * measures each new glyph at each new size from the font file (Noto Sans CJK's CFF outlines):
 * much of what a screen's first showing, and the first 字号 tap, cost over later ones
 * (docs/benchmarks.md, "Kiosk in the browser"). Laying out every character the screens can show
 * once per text size, weight and text scale while the kiosk stands idle (./idle-work.ts) fills
 * the renderer's per-size glyph caches before a resident's tap needs them.
 */

/**
 * kiosk.css's text sizes at a text scale, from its own base sizes: `--text`, `--text-l`,
 * `--text-xl`, and `--text-secondary`, which grows only up to `--grow-cap`.
 */
const sizesAt = (scale: number): string[] => [
  `calc(var(--text-base) * ${scale})`,
  `calc(var(--text-l-base) * ${scale})`,
  `calc(var(--text-xl-base) * ${scale})`,
  `calc(var(--text-base) * min(${scale}, var(--grow-cap)))`,
];
/** Body text and the bold of headings and buttons: each is a font file of its own. */
const WEIGHTS = [400, 700] as const;
/** Characters laid out in one step: well under a frame at 6x CPU throttling. */
const PIECE = 200;

/** Each character once, in code-point order, so the screens' words do not appear whole. */
export function distinctCharacters(texts: Iterable<string>): string {
  const seen = new Set<string>();
  for (const text of texts) {
    for (const char of text) if (char.trim() !== '') seen.add(char);
  }
  return [...seen].sort().join('');
}

/** One line of the characters at one size and weight. */
export interface GlyphPiece {
  fontSize: string;
  weight: number;
  text: string;
}

/**
 * The pieces for each of `scales`, the one on the glass (the first) last, so its glyphs are the
 * freshest in the renderer's caches.
 */
export function glyphPieces(characters: string, scales: readonly number[]): GlyphPiece[] {
  const texts: string[] = [];
  for (let i = 0; i < characters.length; i += PIECE) texts.push(characters.slice(i, i + PIECE));
  return [...scales]
    .reverse()
    .flatMap((scale) =>
      sizesAt(scale).flatMap((fontSize) =>
        WEIGHTS.flatMap((weight) => texts.map((text) => ({ fontSize, weight, text }))),
      ),
    );
}

/**
 * Lays out one piece: added, laid out and removed in one step, hidden and out of the
 * accessibility tree, so neither the screens, assistive technology nor a tap ever meets it.
 */
export function layOutPiece(doc: Document, piece: GlyphPiece): void {
  const line = doc.createElement('p');
  line.setAttribute('aria-hidden', 'true');
  line.style.cssText = `position:fixed;left:0;top:0;margin:0;white-space:nowrap;visibility:hidden;pointer-events:none;contain:layout style paint;font-size:${piece.fontSize};font-weight:${piece.weight}`;
  line.textContent = piece.text;
  doc.body.append(line);
  // Reading its size lays it out now, in the idle period, not in the next frame.
  void line.offsetWidth;
  line.remove();
}
