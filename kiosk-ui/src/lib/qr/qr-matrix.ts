/**
 * QR codes on the glass, for a resident's phone to read. The encoder (`qr`) is loaded once the
 * kiosk's idle work after the first load is done (`preloadQrEncoder`), or else the first time a
 * code is drawn; never with the page: every screen is in the home screen's chunk
 * (docs/benchmarks.md), so a static import would ship it to every resident, and eslint forbids
 * one here in the kiosk.
 */

/** Low keeps a guide's text to a smaller code; medium suits a short payload that fits anyway. */
export type QrEcc = 'low' | 'medium';

/** The white margin readers need around a code, in modules (ISO/IEC 18004's quiet zone). */
export const QUIET_MODULES = 4;

/** A module this small is still 4-5 camera pixels for a phone held 15-30 cm away. */
const MIN_MODULE_MM = 0.7;

/**
 * The last few codes drawn, so paging back to a code or reading it again does not encode anew
 * (10-60 ms for a guide on the kiosk's board); a few, because references are new every time.
 */
const KEPT = 8;
const drawn = new Map<string, Promise<boolean[][] | null>>();
let encoder: Promise<typeof import('qr')> | undefined;

function loadEncoder(): Promise<typeof import('qr')> {
  encoder ??= import('qr').catch((error: unknown) => {
    // A chunk that did not load is tried again next time, not remembered as missing.
    encoder = undefined;
    throw error;
  });
  return encoder;
}

/**
 * Loads the encoder while the kiosk stands idle, once its other idle work is done: the first code
 * then draws without a fetch, and only a kiosk whose agent was unreachable both then and when
 * the code is drawn shows none. Not with the page: the first load stays without it.
 */
export function preloadQrEncoder(): void {
  loadEncoder().catch(() => {
    // Tried again when a code is drawn.
  });
}

/**
 * The code's modules, row by row (true: dark), with the quiet zone around them; null where the
 * text is longer than a code holds. Rejects only if the encoder's chunk cannot be loaded.
 */
export function qrMatrix(text: string, ecc: QrEcc): Promise<boolean[][] | null> {
  const key = `${ecc}:${text}`;
  const known = drawn.get(key);
  if (known) {
    drawn.delete(key);
    drawn.set(key, known);
    return known;
  }
  const matrix = loadEncoder().then(({ encodeQR }) => {
    try {
      return encodeQR(text, 'raw', { ecc, border: QUIET_MODULES });
    } catch {
      // The encoder's only refusal for a string is that it does not fit version 40.
      return null;
    }
  });
  matrix.catch(() => drawn.delete(key));
  drawn.set(key, matrix);
  for (const oldest of drawn.keys()) {
    if (drawn.size <= KEPT) break;
    drawn.delete(oldest);
  }
  return matrix;
}

/** The dark modules as one SVG path, in modules: a rectangle per run of dark modules in a row. */
export function qrPath(matrix: readonly (readonly boolean[])[]): string {
  let path = '';
  matrix.forEach((row, y) => {
    for (let x = 0; x < row.length; x++) {
      if (!row[x]) continue;
      const start = x;
      while (row[x + 1]) x++;
      const run = x - start + 1;
      path += `M${start} ${y}h${run}v1h-${run}z`;
    }
  });
  return path;
}

/**
 * CSS px per module for a code `modules` across: a whole number, so every module is drawn
 * alike and crisp, at least 0.7 mm, and enough for the code to be `minMm` across.
 */
export function modulePixels(modules: number, mmPerPx: number, minMm: number): number {
  // A hair under a whole number is that number, not the next (0.7 / 0.35 is 2.0000000000000004).
  const atLeast = (px: number) => Math.ceil(px - 1e-9);
  return Math.max(1, atLeast(MIN_MODULE_MM / mmPerPx), atLeast(minMm / (modules * mmPerPx)));
}
