import { describe, expect, it } from 'vitest';
import {
  type ServiceCatalogue,
  catalogueInitials,
  pinyinInitials,
  residentCatalogue,
} from './services.js';
import { byPath, defaultData } from './test-support.js';
import { validateConfig } from './validate.js';

const CATEGORIES = [
  { id: 'human-resources', name: { 'zh-CN': '人社' } },
  { id: 'medical-insurance', name: { 'zh-CN': '医保' } },
];

const queue = (id: string, name: string, ticketPrefix: string, extra: object = {}) => ({
  id,
  name: { 'zh-CN': name },
  category: 'human-resources',
  kind: 'queue',
  ticketPrefix,
  ...extra,
});

const GUIDE = {
  purpose: { 'zh-CN': '挂失并补办社保卡' },
  eligibility: { 'zh-CN': '持卡人本人' },
  materials: [{ 'zh-CN': '本人身份证原件' }],
  steps: [{ 'zh-CN': '到人社窗口取号' }],
  timeLimit: { 'zh-CN': '当场办结' },
  fees: { 'zh-CN': '免费' },
  where: { 'zh-CN': '人社窗口' },
};

const guide = (id: string, name: string, extra: object = {}) => ({
  id,
  name: { 'zh-CN': name },
  category: 'human-resources',
  kind: 'guide',
  guide: GUIDE,
  ...extra,
});

const catalogue = (...services: object[]) => ({ categories: CATEGORIES, services });

function problemsOf(data: unknown) {
  const result = validateConfig('services', data, 'services.json');
  if (result.ok) throw new Error('expected problems, got a valid config');
  return result.error;
}

describe('service catalogue', () => {
  it('accepts the default file: six categories, the four queues and twenty guides or more', () => {
    const result = validateConfig('services', defaultData('services'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { categories, services } = result.value;
    expect(categories.map((c) => c.name['zh-CN'])).toEqual([
      '人社',
      '医保',
      '公安',
      '税务',
      '民政',
      '社区事务',
    ]);
    const queues = services.filter((s) => s.kind === 'queue');
    // The ids and letters the take-ticket flow and the agent's ticket store number by.
    expect(queues.map((s) => [s.id, s.name['zh-CN'], s.ticketPrefix, s.enabled])).toEqual([
      ['social-security', '社保业务', 'A', true],
      ['medical-insurance', '医保业务', 'B', true],
      ['household-registration', '户籍业务', 'C', true],
      ['general-enquiry', '综合咨询', 'D', true],
    ]);
    const guided = services.filter((s) => s.kind !== 'queue');
    expect(guided.length).toBeGreaterThanOrEqual(20);
    for (const category of categories) {
      expect(guided.some((s) => s.category === category.id)).toBe(true);
    }
    expect(guided.every((s) => s.guide && s.ticketQueue && s.name.en)).toBe(true);
  });

  it('names both entries whose ticket prefixes collide', () => {
    const problems = problemsOf(
      catalogue(
        queue('social-security', '社保业务', 'A'),
        queue('medical-insurance', '医保业务', 'A'),
      ),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: 'services[1].ticketPrefix', found: '"A"' });
    expect(problems[0]?.expected).toContain(
      'services[0] ("社保业务") and services[1] ("医保业务")',
    );
  });

  it('refuses duplicate service and category ids', () => {
    const problems = problemsOf({
      categories: [...CATEGORIES, { id: 'medical-insurance', name: { 'zh-CN': '医疗' } }],
      services: [queue('general-enquiry', '综合咨询', 'A'), queue('general-enquiry', '咨询', 'B')],
    });
    expect(byPath(problems, 'services[1].id')?.expected).toContain(
      'services[0] ("综合咨询") already has id "general-enquiry"',
    );
    expect(byPath(problems, 'categories[2].id')?.expected).toContain(
      'categories[1] ("医保") already has id "medical-insurance"',
    );
  });

  it('refuses a category the file does not list, naming the ones it does', () => {
    const problems = problemsOf(
      catalogue(
        queue('social-security', '社保业务', 'A'),
        guide('card', '社保卡', { category: 'hr' }),
      ),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: 'services[1].category', found: '"hr"' });
    expect(problems[0]?.expected).toContain('"human-resources", "medical-insurance"');
  });

  it('needs the Chinese text of every name and guide text, and accepts English beside it', () => {
    const problems = problemsOf(
      catalogue(
        queue('social-security', '社保业务', 'A'),
        guide('card', '社保卡', {
          name: { en: 'Social security card' },
          guide: { ...GUIDE, steps: [{ 'zh-CN': '取号' }, { en: 'Wait' }] },
        }),
      ),
    );
    expect(problems.map((p) => p.path)).toEqual([
      'services[1].name.zh-CN',
      'services[1].guide.steps[1].zh-CN',
    ]);
    expect(problems[0]).toMatchObject({ found: 'missing' });
    expect(problems[0]?.expected).toContain('every text needs its "zh-CN"');
  });

  it('holds each kind to what it needs', () => {
    const problems = problemsOf(
      catalogue(
        queue('social-security', '社保业务', 'A'),
        queue('medical-insurance', '医保业务', 'B', { ticketPrefix: undefined }),
        guide('card', '社保卡', { guide: undefined, ticketPrefix: 'C' }),
        guide('pension', '养老', { kind: 'application', ticketQueue: 'card' }),
      ),
    );
    expect(byPath(problems, 'services[1].ticketPrefix')?.expected).toContain(
      'a "queue" service needs its own ticket prefix',
    );
    expect(byPath(problems, 'services[2].ticketPrefix')?.expected).toContain(
      'only "queue" services number tickets',
    );
    expect(byPath(problems, 'services[2].guide')?.expected).toContain('a guide (办事指南)');
    expect(byPath(problems, 'services[3].ticketQueue')?.expected).toContain(
      '"social-security", "medical-insurance"',
    );
    expect(problems).toHaveLength(4);
  });

  it('offers only the string ids of queues for ticketQueue', () => {
    const problems = problemsOf(
      catalogue(
        queue('social-security', '社保业务', 'A'),
        queue('medical-insurance', '医保业务', 'B', { id: undefined }),
        queue('general', '综合业务', 'C', { id: { en: 'general' } }),
        guide('pension', '养老', { kind: 'application', ticketQueue: 'card' }),
      ),
    );
    expect(byPath(problems, 'services[3].ticketQueue')?.expected).toBe(
      'the id of a service with "kind": "queue" ("social-security")',
    );
  });

  it('needs at least one enabled queue', () => {
    const problems = problemsOf(
      catalogue(
        queue('social-security', '社保业务', 'A', { enabled: false }),
        guide('card', '社保卡'),
      ),
    );
    expect(problems[0]).toMatchObject({ path: 'services' });
    expect(problems[0]?.expected).toContain('at least one enabled service with "kind": "queue"');
    expect(problemsOf(catalogue())[0]?.path).toBe('services');
  });

  it('explains id, kind, prefix and enabled format mistakes', () => {
    const problems = problemsOf(
      catalogue(
        queue('Social_Security', '社保业务', 'a', { enabled: 'yes' }),
        guide('card', '社保卡', { kind: 'form' }),
      ),
    );
    expect(problems.map((p) => p.path)).toEqual([
      'services[0].id',
      'services[0].ticketPrefix',
      'services[0].enabled',
      'services[1].kind',
    ]);
    expect(byPath(problems, 'services[0].id')?.expected).toContain('kebab-case');
    expect(byPath(problems, 'services[0].ticketPrefix')?.expected).toContain('one capital letter');
    expect(byPath(problems, 'services[0].enabled')?.expected).toContain('true or false');
    expect(byPath(problems, 'services[1].kind')?.expected).toContain('"application"');
  });
});

describe('pinyin initials', () => {
  it.each([
    ['社保卡', 'SBK'],
    ['社保卡挂失补换', 'SBKGSBH'],
    ['异地就医备案', 'YDJYBA'],
    // Polyphonic characters take the reading of their word: 行 in 银行 is háng, 长 in 长辈 zhǎng.
    ['银行卡', 'YHK'],
    ['长辈模式', 'ZBMS'],
    ['计划生育/生育登记', 'JHSYSYDJ'],
  ])('%s → %s', async (text, initials) => {
    expect(await pinyinInitials([text])).toEqual([initials]);
  });
});

describe('the catalogue residents are given', () => {
  const loaded = validateConfig('services', defaultData('services'));
  if (!loaded.ok) throw new Error('the default catalogue must be valid');

  it('lists the queues for tickets and every enabled service with its search initials', async () => {
    const initials = await catalogueInitials(loaded.value);
    const { queues, categories, services } = residentCatalogue(loaded.value, initials);
    expect(queues[0]).toEqual({
      id: 'social-security',
      name: '社保业务',
      description: '养老、失业、工伤保险等业务咨询与办理',
      ticketPrefix: 'A',
    });
    expect(categories).toHaveLength(6);
    expect(services.find((s) => s.id === 'social-security-card')).toMatchObject({
      initials: 'SBKGSBH',
      ticketServiceId: 'social-security',
    });
    // A queue offers its own ticket.
    expect(services.find((s) => s.id === 'general-enquiry')?.ticketServiceId).toBe(
      'general-enquiry',
    );
  });

  it('leaves out disabled services, categories left empty, and tickets for a closed queue', () => {
    const closed: ServiceCatalogue = {
      ...loaded.value,
      services: loaded.value.services.map((s) =>
        s.id === 'social-security' || s.category === 'taxation' ? { ...s, enabled: false } : s,
      ),
    };
    const { queues, categories, services } = residentCatalogue(closed);
    expect(queues.map((q) => q.id)).not.toContain('social-security');
    expect(categories.map((c) => c.id)).not.toContain('taxation');
    const card = services.find((s) => s.id === 'social-security-card');
    expect(card).toBeDefined();
    expect(card?.ticketServiceId).toBeUndefined();
  });
});
