import { describe, expect, it } from 'vitest';
import { byPath, defaultData } from './test-support.js';
import { validateConfig } from './validate.js';

const service = (id: string, name: string, ticketPrefix: string, extra: object = {}) => ({
  id,
  name,
  ticketPrefix,
  ...extra,
});

function problemsOf(data: unknown) {
  const result = validateConfig('services', data, 'services.json');
  if (result.ok) throw new Error('expected problems, got a valid config');
  return result.error;
}

describe('service catalogue', () => {
  it('accepts the default file and fills in enabled', () => {
    const result = validateConfig('services', defaultData('services'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.services.map((s) => [s.name, s.ticketPrefix, s.enabled])).toEqual([
      ['社保业务', 'A', true],
      ['医保业务', 'B', true],
      ['户籍业务', 'C', true],
      ['综合咨询', 'D', true],
    ]);
  });

  it('names both entries whose ticket prefixes collide', () => {
    const problems = problemsOf({
      services: [
        service('social-security', '社保业务', 'A'),
        service('medical-insurance', '医保业务', 'A'),
      ],
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: 'services[1].ticketPrefix', found: '"A"' });
    expect(problems[0]?.expected).toContain(
      'services[0] ("社保业务") and services[1] ("医保业务")',
    );
  });

  it('refuses duplicate ids', () => {
    const problems = problemsOf({
      services: [
        service('general-enquiry', '综合咨询', 'A'),
        service('general-enquiry', '咨询', 'B'),
      ],
    });
    expect(problems[0]).toMatchObject({ path: 'services[1].id' });
    expect(problems[0]?.expected).toContain(
      'services[0] ("综合咨询") already has id "general-enquiry"',
    );
  });

  it('needs at least one enabled service', () => {
    const problems = problemsOf({
      services: [service('social-security', '社保业务', 'A', { enabled: false })],
    });
    expect(problems[0]).toMatchObject({ path: 'services' });
    expect(problems[0]?.expected).toContain('at least one service');
    expect(problemsOf({ services: [] })[0]?.path).toBe('services');
  });

  it('explains id, prefix and enabled format mistakes', () => {
    const problems = problemsOf({
      services: [service('Social_Security', '社保业务', 'a', { enabled: 'yes' })],
    });
    expect(problems.map((p) => p.path)).toEqual([
      'services[0].id',
      'services[0].ticketPrefix',
      'services[0].enabled',
    ]);
    expect(byPath(problems, 'services[0].id')?.expected).toContain('kebab-case');
    expect(byPath(problems, 'services[0].ticketPrefix')?.expected).toContain('one capital letter');
    expect(byPath(problems, 'services[0].enabled')?.expected).toContain('true or false');
  });
});
