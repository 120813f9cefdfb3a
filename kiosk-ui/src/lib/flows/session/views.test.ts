import { describe, expect, it } from 'vitest';
import { CATALOGUE, QUEUES, SCREEN_HEIGHT_MM, COMMUNITY } from './catalogue.fixture.js';
import { emptySession } from './context.js';
import { SERVICE as APPLICATION } from '../apply/form.fixture.js';
import {
  categoryPage,
  guideActions,
  guidePage,
  guidePageSpeech,
  listPage,
  queuePageSize,
} from './views.js';

const HAN = /\p{Script=Han}/u;
const service = CATALOGUE.services.find((s) => s.guide !== undefined)!;

const context = (language: 'zh-CN' | 'en', over: Partial<typeof service> = {}) => ({
  ...emptySession,
  catalogue: { ...CATALOGUE, services: [{ ...service, ...over }] },
  queues: QUEUES,
  communityName: COMMUNITY,
  printerAvailable: true,
  screenHeightMm: SCREEN_HEIGHT_MM,
  portrait: false,
  serviceId: service.id,
  language,
});

describe('a guide in the resident\u2019s language', () => {
  it('reads the Chinese guide in Chinese', () => {
    const said = guidePageSpeech(context('zh-CN'));
    expect(said.startsWith(`${service.name['zh-CN']}。`)).toBe(true);
    expect(said).toContain('办理什么：');
  });

  it('never reads Chinese with the English voice: an untranslated text is said to be only in Chinese', () => {
    const said = guidePageSpeech(context('en'));
    expect(HAN.test(said)).toBe(false);
    expect(said).toContain('What it is for: this part is only available in Chinese.');
  });

  it('shows and reads each translated text in English, the rest in Chinese, field by field', () => {
    const guide = service.guide!;
    const translated = {
      name: { ...service.name, en: 'Register treatment elsewhere' },
      guide: { ...guide, purpose: { ...guide.purpose, en: 'Register before you go.' } },
    };
    const ctx = context('en', translated);
    const said = guidePageSpeech(ctx);
    expect(said).toContain('Register treatment elsewhere.');
    expect(said).toContain('What it is for: Register before you go.');
    const [first] = guidePage(ctx).items[0] ?? [];
    expect(first?.blocks[0]).toMatchObject({ text: 'Register before you go.', language: 'en' });
    const eligibility = guidePage(ctx).items[0]?.find((part) => part.section === 'eligibility');
    expect(eligibility?.blocks[0]?.language).toBe('zh-CN');
  });
});

describe('a guide cut once per layout', () => {
  it('gives the same pages while nothing changes, and cuts again for a new text size or language', () => {
    const zh = context('zh-CN');
    const [page] = guidePage(zh).items;
    expect(guidePage({ ...zh }).items[0]).toBe(page);
    const larger = guidePage({ ...zh, textScale: 3 });
    expect(larger.count).toBeGreaterThan(guidePage(zh).count);
    expect(guidePage({ ...zh, language: 'en' }).items[0]).not.toBe(page);
  });
});

describe('category tiles in a row', () => {
  const categories = (en: string) => [
    { id: 'public-security', name: { 'zh-CN': '公安', en } },
    { id: 'taxation', name: { 'zh-CN': '税务', en: 'Tax' } },
  ];
  const at = (language: 'zh-CN' | 'en', textScale: number, en = 'Police') => ({
    ...emptySession,
    catalogue: { ...CATALOGUE, categories: categories(en) },
    queues: QUEUES,
    screenHeightMm: SCREEN_HEIGHT_MM,
    portrait: false,
    language,
    textScale,
  });

  it('stand two to a row while every name fits half the column, and one where a name would not', () => {
    expect(categoryPage(at('zh-CN', 3)).columns).toBe(2);
    expect(categoryPage(at('en', 0)).columns).toBe(2);
    expect(categoryPage(at('en', 0, 'Police & household registration')).columns).toBe(1);
  });

  it('hold as many tiles on a page as the rows hold in those columns', () => {
    // A glass too short for ten tiles on one page even two to a row.
    const many = (en: string) => ({
      ...at('en', 0),
      screenHeightMm: 200,
      catalogue: {
        ...CATALOGUE,
        categories: Array.from({ length: 9 }, (_, i) => ({
          id: `c${i}`,
          name: { 'zh-CN': '公安', en: `${en} ${i}` },
        })),
      },
    });
    const two = categoryPage(many('Police'));
    const one = categoryPage(many('Police & household registration'));
    expect([two.columns, one.columns]).toEqual([2, 1]);
    expect(one.count).toBeGreaterThan(1);
    expect(two.items.length % 2).toBe(0);
    expect(two.items.length).toBeGreaterThanOrEqual(2 * (one.items.length - 1));
  });
});

describe('pages under the read-aloud controls', () => {
  /** A 32" portrait glass and a 21.5" landscape one (lib/screen-profile.ts). */
  const PORTRAIT_MM = 1920 * 0.369;
  const LANDSCAPE_MM = 1080 * 0.248;
  const category = CATALOGUE.categories[0]!;
  const services = Array.from({ length: 40 }, (_, i) => ({
    ...CATALOGUE.services[0]!,
    id: `service-${i}`,
    category: category.id,
  }));
  const at = (portrait: boolean, readAloud: boolean, language: 'zh-CN' | 'en' = 'zh-CN') => ({
    ...emptySession,
    catalogue: { ...CATALOGUE, services: [...services, service] },
    queues: QUEUES,
    screenHeightMm: portrait ? PORTRAIT_MM : LANDSCAPE_MM,
    portrait,
    readAloud,
    textScale: 3,
    language,
    categoryId: category.id,
    serviceId: service.id,
  });

  it('hold a row fewer of a long list on portrait at 超大 with read-aloud on', () => {
    for (const language of ['zh-CN', 'en'] as const) {
      const off = listPage(at(true, false, language)).items.length;
      expect(listPage(at(true, true, language)).items.length).toBe(off - 1);
      expect(queuePageSize(at(true, true, language), 40)).toBe(
        queuePageSize(at(true, false, language), 40) - 1,
      );
    }
    // The finding's list: 13 rows of services at 超大 in Chinese, 12 with the controls' row.
    expect(listPage(at(true, false)).items).toHaveLength(13);
  });

  it('hold as many on landscape, where the controls stand beside the screen', () => {
    expect(listPage(at(false, true)).items).toEqual(listPage(at(false, false)).items);
    expect(queuePageSize(at(false, true), 40)).toBe(queuePageSize(at(false, false), 40));
    const guide = guidePage(at(false, true)).items[0];
    expect(guide).toBeDefined();
    expect(guide).toBe(guidePage(at(false, false)).items[0]);
  });

  it('cut a guide for the room the controls leave on portrait', () => {
    const on = guidePage(at(true, true));
    const off = guidePage(at(true, false));
    expect(on.items[0]).toBeDefined();
    expect(on.items[0]).not.toBe(off.items[0]);
    expect(on.count).toBeGreaterThanOrEqual(off.count);
  });
});

describe('the buttons under a guide', () => {
  const at = (language: 'zh-CN' | 'en', textScale: number, apply: boolean) => ({
    ...context(language, apply ? { application: APPLICATION.application } : {}),
    textScale,
  });

  it('offer 带走指南 beside the ticket, which then keeps its queue in its accessible name only', () => {
    const actions = guideActions(at('zh-CN', 0, false));
    expect(actions).toMatchObject({ apply: false, takeAway: true, rows: 1, extraMm: 0 });
    expect(actions.ticket).toEqual({ label: '排队取号（社保业务）', shown: '排队取号' });
  });

  it('stand on one row at every size, and give 带走指南 a row of its own only where three do not fit', () => {
    for (const language of ['zh-CN', 'en'] as const) {
      for (const size of [0, 1, 2, 3]) {
        expect(guideActions(at(language, size, false)).rows, `${language} ${size}`).toBe(1);
      }
    }
    const three = guideActions(at('en', 3, true));
    expect(three).toMatchObject({ apply: true, rows: 2 });
    expect(three.extraMm).toBeGreaterThan(0);
    // The guide's pages leave that row its room: the same guide takes more of them.
    expect(guidePage(at('en', 3, true)).count).toBeGreaterThan(guidePage(at('en', 3, false)).count);
  });
});
