import { readFileSync } from 'node:fs';
import decodeQR from 'qr/decode.js';
import { describe, expect, it } from 'vitest';
import { applicationQrPayload } from '@bianmin/contract/qr-payloads';
import type { CatalogueService } from '../agent/types.js';
import { guideQrText } from '../catalogue/guide-qr.js';
import { profileFor } from '../screen-profile.js';
import { modulePixels, QUIET_MODULES, qrMatrix, qrPath, type QrEcc } from './qr-matrix.js';

type Service = Pick<CatalogueService, 'name' | 'guide'>;
const services = JSON.parse(
  readFileSync(new URL('../../../../config/defaults/services.json', import.meta.url), 'utf8'),
) as { services: Service[] };
const bytes = (text: string) => new TextEncoder().encode(text).length;
const [longestGuide] = services.services
  .map((s) => guideQrText(s, 'zh-CN', '长征街社区居民委员会'))
  .filter((text) => text !== null)
  .sort((a, b) => bytes(b) - bytes(a));
const BMA1 = applicationQrPayload('T-140902001001-01', 'SQ-20261126-0007');

/** The code as a camera would see it: `scale` pixels a module, black on white, RGBA. */
function pixels(matrix: boolean[][], scale: number) {
  const side = matrix.length * scale;
  const data = new Uint8ClampedArray(side * side * 4).fill(255);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      if (!matrix[Math.floor(y / scale)]![Math.floor(x / scale)]) continue;
      data.fill(0, (y * side + x) * 4, (y * side + x) * 4 + 3);
    }
  }
  return { width: side, height: side, data };
}

/** The symbol's version, from its modules across less the quiet zone (ISO/IEC 18004: 17 + 4v). */
const versionOf = (matrix: boolean[][]) => (matrix.length - 2 * QUIET_MODULES - 17) / 4;

/** The modules a path of `M x y h n v1 h-n z` runs covers, as `x,y`, once per time covered. */
function covered(path: string): string[] {
  const cells: string[] = [];
  for (const [, x, y, n] of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\3z/g)) {
    for (let i = 0; i < Number(n); i++) cells.push(`${Number(x) + i},${y}`);
  }
  return cells;
}

describe('QR codes on the glass', () => {
  it.each([
    ['the longest Chinese guide', longestGuide!, 'low', 25],
    ['an application slip', BMA1, 'medium', 3],
  ] as const)('encodes %s so a reader gets it back', async (_, text, ecc: QrEcc, maxVersion) => {
    const matrix = await qrMatrix(text, ecc);
    expect(matrix).not.toBeNull();
    expect(versionOf(matrix!)).toBeLessThanOrEqual(maxVersion);
    expect(decodeQR(pixels(matrix!, 4))).toBe(text);
  });

  it('keeps a code once drawn, and gives none for a text no code holds', async () => {
    expect(qrMatrix(BMA1, 'medium')).toBe(qrMatrix(BMA1, 'medium'));
    expect(qrMatrix(BMA1, 'low')).not.toBe(qrMatrix(BMA1, 'medium'));
    await expect(qrMatrix('社'.repeat(1200), 'low')).resolves.toBeNull();
  });

  it('draws exactly the dark modules', async () => {
    const matrix = (await qrMatrix(BMA1, 'medium'))!;
    const dark = matrix.flatMap((row, y) => row.flatMap((on, x) => (on ? [`${x},${y}`] : [])));
    const path = qrPath(matrix);
    expect(path).toMatch(/^(M\d+ \d+h\d+v1h-\d+z)+$/);
    expect(covered(path).sort()).toEqual(dark.sort());
  });

  it('sizes a module in whole px, at least 0.7 mm, and the code at least the size asked', () => {
    const landscape = profileFor(1920, 1080).mmPerPx;
    const portrait = profileFor(1080, 1920).mmPerPx;
    // A guide at version 25 and an application slip at version 3, with their quiet zones.
    expect(modulePixels(125, landscape, 30)).toBe(3);
    expect(modulePixels(125, portrait, 30)).toBe(2);
    expect(modulePixels(37, landscape, 30)).toBe(4);
    expect(modulePixels(37, portrait, 30)).toBe(3);
    expect(modulePixels(37, 0.35, 1)).toBe(2);
  });
});
