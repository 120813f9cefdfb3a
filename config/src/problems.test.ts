import { describe, expect, it } from 'vitest';
import { formatPath, formatProblems, renderFound } from './problems.js';

describe('problem formatting', () => {
  it('formats paths with dots and indices', () => {
    expect(formatPath(['region', 'street', 'code'])).toBe('region.street.code');
    expect(formatPath(['services', 2, 'ticketPrefix'])).toBe('services[2].ticketPrefix');
    expect(formatPath([])).toBe('(file)');
  });

  it('renders found values as short JSON', () => {
    expect(renderFound(undefined)).toBe('missing');
    expect(renderFound('12345')).toBe('"12345"');
    expect(renderFound(null)).toBe('null');
    expect(renderFound('长征街')).toBe('"长征街"');
    const long = renderFound('x'.repeat(200));
    expect(long).toHaveLength(80);
    expect(long.endsWith('…')).toBe(true);
  });

  it('prints one block per problem and a summary line', () => {
    const text = formatProblems([
      {
        file: 'config/defaults/terminal.json',
        path: 'community.code',
        found: '"12345"',
        expected: 'a 12-digit statistical area code (统计用区划代码), e.g. "140902001001"',
      },
      { file: 'config/defaults/terminal.json', path: 'timeZone', found: 'missing', expected: 'x' },
      { file: 'devices.json', path: '(file)', found: 'missing', expected: 'y' },
    ]);
    expect(text).toBe(
      [
        'config/defaults/terminal.json: community.code',
        '  found: "12345"',
        '  expected: a 12-digit statistical area code (统计用区划代码), e.g. "140902001001"',
        '',
        'config/defaults/terminal.json: timeZone',
        '  found: missing',
        '  expected: x',
        '',
        'devices.json: (file)',
        '  found: missing',
        '  expected: y',
        '',
        '3 problems in 2 files',
      ].join('\n'),
    );
    expect(formatProblems([{ file: 'a', path: 'b', found: 'c', expected: 'd' }])).toMatch(
      /1 problem in 1 file$/,
    );
  });

  it('counts the environment apart from the files', () => {
    const problem = { path: 'p', found: 'f', expected: 'e' };
    const environment = { ...problem, file: 'environment' };
    expect(formatProblems([environment, { ...problem, file: 'a.json' }])).toMatch(
      /\n2 problems in 1 file and the environment$/,
    );
    expect(formatProblems([environment])).toMatch(/\n1 problem in the environment$/);
  });

  it('puts the line and column after the file, as editors recognise them', () => {
    const problem = { file: 'terminal.json', line: 12, column: 5, path: 'centre.url' };
    expect(formatProblems([{ ...problem, found: '"ftp://x"', expected: 'a URL' }])).toMatch(
      /^terminal\.json:12:5 centre\.url\n {2}found: "ftp:\/\/x"\n/,
    );
  });
});
