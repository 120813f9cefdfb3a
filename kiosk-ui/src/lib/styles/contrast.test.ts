import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contrastRatio, ruleTokens } from './contrast.js';

const css = readFileSync(new URL('./kiosk.css', import.meta.url), 'utf8');
const tokens = ruleTokens(css, ':root');
// The high-contrast theme overrides the default tokens it names (kiosk.css).
const highContrast = { ...tokens, ...ruleTokens(css, ":root[data-theme='high-contrast']") };

const TEXT_PAIRS = [
  ['ink', 'paper'],
  ['muted', 'paper'],
  ['primary-ink', 'primary'],
  ['primary', 'paper'],
  ['primary-ink', 'priority'],
  ['ink', 'notice-bg'],
] as const;

describe('theme contrast (docs/accessibility.md: default theme >= 10:1, focus >= 3:1)', () => {
  it('computes the WCAG ratio of black on white as 21:1', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
  });

  it.each(TEXT_PAIRS)('text %s on %s is at least 10:1', (fg, bg) => {
    expect(tokens[fg], `token --${fg}`).toBeDefined();
    expect(tokens[bg], `token --${bg}`).toBeDefined();
    expect(contrastRatio(tokens[fg]!, tokens[bg]!)).toBeGreaterThanOrEqual(10);
  });

  it('the focus ring stands out at least 3:1 from the paper it is drawn on', () => {
    expect(contrastRatio(tokens.focus!, tokens.paper!)).toBeGreaterThanOrEqual(3);
  });
});

describe('high-contrast theme (docs/accessibility.md: near 20:1, never under 15:1)', () => {
  it('overrides every colour token of the default theme', () => {
    const own = ruleTokens(css, ":root[data-theme='high-contrast']");
    expect(Object.keys(own).sort()).toEqual(Object.keys(tokens).sort());
  });

  it.each(TEXT_PAIRS)('text %s on %s is at least 15:1', (fg, bg) => {
    expect(contrastRatio(highContrast[fg]!, highContrast[bg]!)).toBeGreaterThanOrEqual(15);
  });

  it('borders and the focus ring stand out at least 15:1 from the paper', () => {
    for (const token of ['line', 'focus', 'primary'] as const) {
      expect(
        contrastRatio(highContrast[token]!, highContrast.paper!),
        token,
      ).toBeGreaterThanOrEqual(15);
    }
  });
});
