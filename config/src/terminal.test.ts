import { describe, expect, it } from 'vitest';
import { byPath, defaultData } from './test-support.js';
import { validateConfig } from './validate.js';

function problemsOf(data: unknown) {
  const result = validateConfig('terminal', data, 'terminal.json');
  if (result.ok) throw new Error('expected problems, got a valid config');
  return result.error;
}

describe('terminal config', () => {
  it('accepts the default file', () => {
    const result = validateConfig('terminal', defaultData('terminal'));
    expect(result.ok).toBe(true);
  });

  it('reports every problem of a realistically broken file, in file order', () => {
    const data = defaultData('terminal');
    data.community.code = '14090200100'; // 11 digits: one lost while retyping
    data.region.street.code = '140903001'; // typed the wrong district
    data.serviceHours[0].open = '8:30';
    data.comunity = { kind: 'urban' }; // a misspelt copy of a key
    delete data.centre.url;

    const problems = problemsOf(data);

    expect(problems.map((p) => p.path)).toEqual([
      'community.code',
      'region.street.code',
      'serviceHours[0].open',
      'centre.url',
      'comunity',
    ]);
    expect(byPath(problems, 'community.code')).toEqual({
      file: 'terminal.json',
      path: 'community.code',
      found: '"14090200100"',
      expected: 'a 12-digit statistical area code (统计用区划代码), e.g. "140902001001"',
    });
    const prefix = byPath(problems, 'region.street.code');
    expect(prefix?.found).toBe('"140903001"');
    expect(prefix?.expected).toContain('starting with "140902"');
    expect(prefix?.expected).toContain('region.county.code');
    expect(prefix?.expected).toContain('统计用区划代码');
    expect(byPath(problems, 'serviceHours[0].open')?.expected).toContain('"HH:mm"');
    expect(byPath(problems, 'centre.url')?.found).toBe('missing');
    expect(byPath(problems, 'centre.url')?.expected).toContain('http://');
    const unknown = byPath(problems, 'comunity');
    expect(unknown?.found).toBe('{"kind":"urban"}');
    expect(unknown?.expected).toContain('remove it or fix its spelling');
    expect(unknown?.expected).toContain('did you mean "community"');
  });

  it.each([
    ['region.province.code', '15', '"14", the first 2 digits of region.city.code "1409"'],
    ['region.city.code', '1509', '"1409", the first 4 digits of region.county.code "140902"'],
    ['region.county.code', '140802', '"140902", the first 6 digits of region.street.code'],
    ['region.street.code', '140901001', '"140902001", the first 9 digits of community.code'],
    ['community.code', '140902002001', 'starting with "140902001", the street or township'],
  ])('blames only %s when it alone disagrees with the other codes', (path, code, expected) => {
    const data = defaultData('terminal');
    const [first, second] = path.split('.');
    if (path.startsWith('region')) data.region[second!].code = code;
    else data[first!].code = code;
    const problems = problemsOf(data);
    expect(problems).toEqual([
      {
        file: 'terminal.json',
        path,
        found: JSON.stringify(code),
        expected: expect.stringContaining(expected),
      },
    ]);
  });

  it('compares the remaining levels when one code is malformed', () => {
    const data = defaultData('terminal');
    data.region.county.code = '14092'; // malformed, reported on its own
    data.region.street.code = '140802001'; // still disagrees with city and community
    const problems = problemsOf(data);
    expect(problems.map((p) => p.path)).toEqual(['region.street.code', 'region.county.code']);
    expect(problems[0]?.expected).toContain('"140902001", the first 9 digits of community.code');
    expect(problems[1]?.expected).toContain('a 6-digit');
  });

  it('refuses an unknown time zone', () => {
    const data = defaultData('terminal');
    data.timeZone = 'Beijing';
    expect(problemsOf(data)[0]).toMatchObject({ path: 'timeZone', found: '"Beijing"' });
  });

  it.each([
    ['CST', 'abbreviation that is read as US Central time; in China use "Asia/Shanghai"'],
    ['EST', 'abbreviation that is read as US Eastern time; in China use "Asia/Shanghai"'],
    ['PRC', 'abbreviation kept only for old systems; write "Asia/Shanghai"'],
    ['Japan', 'bare name that is read as "Asia/Tokyo" time; in China use "Asia/Shanghai"'],
    ['Etc/GMT+8', 'is read as UTC−8 (its sign is the reverse of what it looks like)'],
    ['Etc/GMT-8', 'is read as UTC+8 (its sign is the reverse of what it looks like)'],
  ])('refuses %s, which Intl accepts, as not an Area/Location name', (zone, expected) => {
    const data = defaultData('terminal');
    data.timeZone = zone;
    expect(problemsOf(data)).toEqual([
      {
        file: 'terminal.json',
        path: 'timeZone',
        found: JSON.stringify(zone),
        expected: expect.stringContaining(expected),
      },
    ]);
  });

  it.each(['Asia/Shanghai', 'Asia/Urumqi', 'America/Argentina/Buenos_Aires', 'UTC'])(
    'accepts the time zone %s',
    (zone) => {
      const data = defaultData('terminal');
      data.timeZone = zone;
      expect(validateConfig('terminal', data).ok).toBe(true);
    },
  );

  it('checks service windows: weekdays, clock format and order', () => {
    const data = defaultData('terminal');
    data.serviceHours = [
      { days: [1, 1, 8], open: '08:30', close: '17:30' },
      { days: [6], open: '14:00', close: '09:00' },
      { days: [], open: '08:00', close: '25:00' },
    ];
    const problems = problemsOf(data);
    expect(problems.map((p) => p.path)).toEqual([
      'serviceHours[0].days',
      'serviceHours[0].days[2]',
      'serviceHours[1].close',
      'serviceHours[2].days',
      'serviceHours[2].close',
    ]);
    expect(byPath(problems, 'serviceHours[1].close')?.expected).toContain(
      'later than the opening time "14:00"',
    );
  });

  it('names a repeated weekday', () => {
    const data = defaultData('terminal');
    data.serviceHours[0].days = [1, 2, 2, 3];
    expect(problemsOf(data)[0]?.expected).toContain('2 is listed more than once');
  });

  it('accepts a 24-hour window closing at 24:00', () => {
    const data = defaultData('terminal');
    data.serviceHours = [{ days: [1, 2, 3, 4, 5, 6, 7], open: '00:00', close: '24:00' }];
    expect(validateConfig('terminal', data).ok).toBe(true);
  });

  it('says which type a number field needs when it gets a string', () => {
    const data = defaultData('terminal');
    data.session.idleTimeoutSeconds = '120';
    data.centre.heartbeatIntervalSeconds = 1;
    const problems = problemsOf(data);
    expect(byPath(problems, 'session.idleTimeoutSeconds')).toMatchObject({
      found: '"120"',
      expected: 'a whole number of seconds from 30 to 1800, e.g. 120',
    });
    expect(byPath(problems, 'centre.heartbeatIntervalSeconds')?.expected).toContain(
      'from 5 to 3600',
    );
  });

  it('refuses a non-http centre URL and an invalid terminal id', () => {
    const data = defaultData('terminal');
    data.centre.url = 'ftp://centre.example';
    data.terminalId = 'T 01';
    expect(problemsOf(data).map((p) => p.path)).toEqual(['terminalId', 'centre.url']);
  });

  it('reports a file that is not an object as a whole-file problem', () => {
    expect(problemsOf([])).toEqual([
      {
        file: 'terminal.json',
        path: '(file)',
        found: '[]',
        expected: 'a terminal configuration object (see docs/configuration.md)',
      },
    ]);
  });

  it('lists the enum values for community.kind', () => {
    const data = defaultData('terminal');
    data.community.kind = 'city';
    expect(problemsOf(data)[0]?.expected).toMatch(/"urban".*"rural"/);
  });
});
