import { describe, expect, it } from 'vitest';
import { byPath, defaultData } from './test-support.js';
import { validateConfig } from './validate.js';

const CATEGORIES = [{ id: 'human-resources', name: { 'zh-CN': '人社' } }];
const queue = (id: string, ticketPrefix: string, extra: object = {}) => ({
  id,
  name: { 'zh-CN': `队列${ticketPrefix}` },
  category: 'human-resources',
  kind: 'queue',
  ticketPrefix,
  ...extra,
});
const QUEUES = [queue('social-security', 'A'), queue('medical-insurance', 'B')];

function problemsOf(data: unknown) {
  const result = validateConfig('services', data, 'services.json');
  if (result.ok) throw new Error('expected problems, got a valid config');
  return result.error;
}

describe('counters (窗口) in services.json', () => {
  it('gives the default file three counters over the four queues, and default calling rules', () => {
    const result = validateConfig('services', defaultData('services'));
    if (!result.ok) throw new Error('the default services.json must validate');
    const { counters, calling } = result.value;
    expect(counters.map((c) => [c.number, c.services[0]])).toEqual([
      [1, 'social-security'],
      [2, 'medical-insurance'],
      [3, 'household-registration'],
    ]);
    const served = new Set(counters.flatMap((c) => c.services));
    expect([...served].sort()).toEqual([
      'general-enquiry',
      'household-registration',
      'medical-insurance',
      'social-security',
    ]);
    expect(calling).toEqual({
      recallsBeforeNoShow: 3,
      repeatCallGuardSeconds: 5,
      counterNetworks: [],
      announcements: [expect.any(String), expect.any(String)],
    });
    // Sample PINs 1111, 2222 and 3333 for a development machine (docs/counter.md).
    expect(counters.every((c) => c.pinHash?.startsWith('scrypt:'))).toBe(true);
  });

  it('takes a file without counters as no counters, with the default rules', () => {
    const result = validateConfig('services', { categories: CATEGORIES, services: QUEUES });
    if (!result.ok) throw new Error('a file without counters must validate');
    expect(result.value.counters).toEqual([]);
    expect(result.value.calling.recallsBeforeNoShow).toBe(3);
    expect(result.value.calling.announcements).toEqual([]);
  });

  it('names repeated numbers, unknown or repeated services and a queue no counter calls', () => {
    const problems = problemsOf({
      categories: CATEGORIES,
      services: [...QUEUES, queue('closed', 'C', { enabled: false })],
      counters: [
        { number: 1, name: '1号窗口', services: ['social-security', 'social-security'] },
        { number: 1, name: '2号窗口', services: ['tax'] },
      ],
    });
    expect(byPath(problems, 'counters[1].number')?.expected).toContain(
      'counters[0] is already number 1',
    );
    expect(byPath(problems, 'counters[0].services[1]')?.expected).toContain('already listed');
    expect(byPath(problems, 'counters[1].services[0]')?.expected).toContain(
      '"social-security", "medical-insurance", "closed"',
    );
    const uncalled = problems.filter((p) => p.path === 'counters');
    expect(uncalled.map((p) => p.expected)).toEqual([
      expect.stringContaining('no counter lists "medical-insurance"'),
    ]);
  });

  it('explains format mistakes in counters and rules', () => {
    const problems = problemsOf({
      categories: CATEGORIES,
      services: QUEUES,
      counters: [{ number: 0, name: '', services: [] }],
      calling: { recallsBeforeNoShow: -1, counterNetworks: ['192.168.1.0'] },
    });
    expect(byPath(problems, 'counters[0].number')?.expected).toContain('1 to 99');
    expect(byPath(problems, 'counters[0].services')?.expected).toContain('queue services');
    expect(byPath(problems, 'calling.recallsBeforeNoShow')?.expected).toContain('过号');
    expect(byPath(problems, 'calling.counterNetworks[0]')?.expected).toContain('CIDR');
  });
});
