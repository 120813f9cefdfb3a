import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { colourTokens, contrastRatio } from './contrast.js';

const tokens = colourTokens(readFileSync(new URL('./kiosk.css', import.meta.url), 'utf8'));

describe('theme contrast (docs/accessibility.md: default theme >= 10:1, focus >= 3:1)', () => {
  it('computes the WCAG ratio of black on white as 21:1', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
  });

  it.each([
    ['ink', 'paper'],
    ['muted', 'paper'],
    ['primary-ink', 'primary'],
    ['primary', 'paper'],
    ['primary-ink', 'priority'],
    ['ink', 'notice-bg'],
  ])('text %s on %s is at least 10:1', (fg, bg) => {
    expect(tokens[fg], `token --${fg}`).toBeDefined();
    expect(tokens[bg], `token --${bg}`).toBeDefined();
    expect(contrastRatio(tokens[fg]!, tokens[bg]!)).toBeGreaterThanOrEqual(10);
  });

  it('the focus ring stands out at least 3:1 from the paper it is drawn on', () => {
    expect(contrastRatio(tokens.focus!, tokens.paper!)).toBeGreaterThanOrEqual(3);
  });
});
