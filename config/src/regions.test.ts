import { describe, expect, it } from 'vitest';
import { defaultData } from './test-support.js';
import { validateConfig } from './validate.js';

const target = { percent: 100, year: 2025 };
const region = (code: string, name: string, level: string, baseline: unknown = null) => ({
  code,
  name,
  level,
  coverage: { baseline, target },
});

function problemsOf(data: unknown) {
  const result = validateConfig('regions', data, 'regions.json');
  if (result.ok) throw new Error('expected problems, got a valid config');
  return result.error;
}

describe('regions config', () => {
  it('accepts the default file with the planning documents figures', () => {
    const result = validateConfig('regions', defaultData('regions'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const yuncheng = result.value.regions.find((r) => r.code === '1408');
    expect(yuncheng?.coverage.baseline).toEqual({ percent: 19.6, year: 2022 });
    expect(result.value.regions.map((r) => r.name)).toEqual([
      '山西省',
      '忻州市',
      '运城市',
      '临猗县',
      '忻府区',
    ]);
  });

  it('requires the level to match the code length', () => {
    const problems = problemsOf({ regions: [region('140821', '临猗县', 'city')] });
    expect(problems).toEqual([
      {
        file: 'regions.json',
        path: 'regions[0].level',
        found: '"city"',
        expected: expect.stringContaining('"county", because a 6-digit code'),
      },
    ]);
  });

  it('refuses codes of other lengths, duplicate codes and percentages over 100', () => {
    const problems = problemsOf({
      regions: [
        region('14090', '忻州市', 'city'),
        region('1408', '运城市', 'city', { percent: 119.6, year: 2022 }),
        region('1408', '运城', 'city'),
      ],
    });
    expect(problems.map((p) => p.path)).toEqual([
      'regions[0].code',
      'regions[1].coverage.baseline.percent',
      'regions[2].code',
    ]);
    expect(problems[0]?.expected).toContain('2 (province), 4 (city), 6 (county) or 9 (street)');
    expect(problems[1]?.expected).toContain('from 0 to 100');
    expect(problems[2]?.expected).toContain('regions[1] already has code "1408"');
  });

  it('refuses a baseline later than the target', () => {
    const problems = problemsOf({
      regions: [region('1408', '运城市', 'city', { percent: 19.6, year: 2026 })],
    });
    expect(problems[0]?.path).toBe('regions[0].coverage.baseline.year');
  });
});
