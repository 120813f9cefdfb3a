import { describe, expect, it } from 'vitest';
import { profileFor, pxPerMm } from './screen-profile.js';
import { NARROWEST_GLASS_MM } from './styles/text-sizes.js';

describe('profileFor', () => {
  it('takes a landscape window for a 21.5" panel and a portrait one for a 32" panel', () => {
    expect(profileFor(1920, 1080).mmPerPx).toBe(0.248);
    expect(profileFor(1080, 1920).mmPerPx).toBe(0.369);
  });

  it('gives body text (10.5 mm) fewer px on the coarser portrait panel', () => {
    const body = (w: number, h: number) => 10.5 * pxPerMm(profileFor(w, h));
    expect(body(1920, 1080)).toBeCloseTo(42.3, 1);
    expect(body(1080, 1920)).toBeCloseTo(28.5, 1);
  });

  it('makes the portrait panel the narrowest glass the page sizes count on', () => {
    expect(1080 * profileFor(1080, 1920).mmPerPx).toBe(NARROWEST_GLASS_MM);
  });
});
