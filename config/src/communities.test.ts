import { describe, expect, it } from 'vitest';
import { defaultData } from './test-support.js';
import { validateConfig } from './validate.js';

const community = (code: string, name: string, street = '长征街街道') => ({
  code,
  name,
  kind: 'urban',
  street,
});

function problemsOf(kind: 'communities' | 'regions', data: unknown) {
  const result = validateConfig(kind, data, `${kind}.json`);
  if (result.ok) throw new Error('expected problems, got a valid config');
  return result.error;
}

describe('communities config', () => {
  it('accepts the default file, urban and rural communities of the seeded regions', () => {
    const result = validateConfig('communities', defaultData('communities'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const kinds = new Set(result.value.communities.map((c) => c.kind));
    expect(kinds).toEqual(new Set(['urban', 'rural']));
  });

  it('names a duplicate code, a short code and two names for one street', () => {
    const problems = problemsOf('communities', {
      communities: [
        community('140902001001', '长征街社区居民委员会'),
        community('14090200100', '新建路社区居民委员会'),
        community('140902001001', '七一路社区居民委员会'),
        community('140902001004', '和平社区居民委员会', '长征街道'),
      ],
    });
    expect(problems.map((p) => p.path)).toEqual([
      'communities[1].code',
      'communities[2].code',
      'communities[3].street',
    ]);
    expect(problems[0]?.expected).toContain('12-digit');
    expect(problems[1]?.expected).toContain('communities[0] already has code "140902001001"');
    expect(problems[2]?.expected).toContain('"长征街街道"');
  });

  it('refuses a closure that ends before it starts and a date that does not exist', () => {
    const problems = problemsOf('communities', {
      communities: [
        {
          ...community('140902001001', '长征街社区居民委员会'),
          closures: [
            { from: '2026-11-03', to: '2026-11-02', reason: '停电' },
            { from: '2026-02-30', to: '2026-03-01', reason: '装修' },
          ],
        },
      ],
    });
    expect(problems.map((p) => p.path)).toEqual([
      'communities[0].closures[0].to',
      'communities[0].closures[1].from',
    ]);
  });
});

describe('regions config: the indicator and service hours', () => {
  it('defaults the rule to 8 hours, 3 missed heartbeats and weekday office hours', () => {
    const result = validateConfig('regions', {
      regions: [
        {
          code: '1408',
          name: '运城市',
          level: 'city',
          coverage: { baseline: null, target: { percent: 100, year: 2025 } },
        },
      ],
    });
    expect(result.ok && result.value.indicator).toEqual({ minimumServiceHours: 8 });
    expect(result.ok && result.value.presence).toEqual({ offlineAfterMissedHeartbeats: 3 });
    expect(result.ok && result.value.serviceHours).toEqual([
      { days: [1, 2, 3, 4, 5], open: '08:30', close: '17:30' },
    ]);
  });

  it('refuses a holiday that is not a date and a threshold over a day', () => {
    const data = defaultData('regions');
    data.indicator.minimumServiceHours = 25;
    data.holidays = ['2026-10-1'];
    const problems = problemsOf('regions', data);
    expect(problems.map((p) => p.path)).toEqual(['indicator.minimumServiceHours', 'holidays[0]']);
    expect(problems[1]?.expected).toContain('"YYYY-MM-DD"');
  });
});
