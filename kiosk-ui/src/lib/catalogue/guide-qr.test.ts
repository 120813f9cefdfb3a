import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CatalogueService, ServiceGuide } from '../agent/types.js';
import { LANGUAGE_IDS } from '../i18n/languages.js';
import { translate } from '../i18n/translate.js';
import { GUIDE_SECTIONS } from './guide-pages.js';
import { GUIDE_QR_MAX_BYTES, guideQrText } from './guide-qr.js';

type Service = Pick<CatalogueService, 'id' | 'name' | 'guide'>;
const defaults = (file: string) =>
  JSON.parse(readFileSync(new URL(`../../../../config/defaults/${file}`, import.meta.url), 'utf8'));
const guided = (defaults('services.json') as { services: Service[] }).services.filter(
  (s) => s.guide,
);
const COMMUNITY = (defaults('terminal.json') as { community: { name: string } }).community.name;
const bytes = (text: string) => new TextEncoder().encode(text).length;
const heading = (key: (typeof GUIDE_SECTIONS)[number][1], language: 'zh-CN' | 'en') =>
  translate(language, key);

const zh = (text: string) => ({ 'zh-CN': text });
const GUIDE: ServiceGuide = {
  purpose: { 'zh-CN': '补办一张新卡。', en: 'Get a new card.' },
  eligibility: zh('持卡人本人。'),
  materials: [{ 'zh-CN': '身份证', en: 'Your ID card' }, zh('旧卡')],
  steps: [zh('取号'), { 'zh-CN': '拍照', en: 'Have your photo taken' }],
  timeLimit: zh('7 个工作日'),
  fees: { 'zh-CN': '免费', en: 'Free' },
  where: zh('人社窗口'),
};
const SERVICE: Service = { id: 'card', name: { 'zh-CN': '补卡', en: 'New card' }, guide: GUIDE };

describe("a guide's QR text", () => {
  it('fits every default guide in every language, each Chinese one whole', () => {
    expect(guided.length).toBeGreaterThan(20);
    for (const language of LANGUAGE_IDS) {
      for (const service of guided) {
        const text = guideQrText(service, language, COMMUNITY);
        expect(text, `${service.id} in ${language}`).not.toBeNull();
        expect(bytes(text!), service.id).toBeLessThanOrEqual(GUIDE_QR_MAX_BYTES);
        if (language === 'zh-CN') {
          for (const [, key] of GUIDE_SECTIONS) expect(text).toContain(heading(key, language));
        }
      }
    }
  });

  it('keeps what a resident acts on where the whole guide is too long', () => {
    const card = guided.find((s) => s.id === 'social-security-card')!;
    const text = guideQrText(card, 'en', COMMUNITY)!;
    expect(text).not.toContain(heading('guide.section.purpose', 'en'));
    expect(text).not.toContain(heading('guide.section.eligibility', 'en'));
    for (const key of [
      'guide.section.materials',
      'guide.section.steps',
      'guide.section.timeLimit',
      'guide.section.fees',
      'guide.section.where',
    ] as const) {
      expect(text).toContain(heading(key, 'en'));
    }
    expect(text).toContain(card.guide!.steps.at(-1)!.en);
    expect(text.split('\n').at(-1)).toContain(COMMUNITY);
  });

  it('gives no text where even the essentials are too long', () => {
    const long = zh('按窗口告诉您的时间和地点领取新卡，领卡后卡就能用，'.repeat(3));
    const guide = { ...GUIDE, steps: Array.from({ length: 12 }, () => long) };
    expect(guideQrText({ ...SERVICE, guide }, 'zh-CN', COMMUNITY)).toBeNull();
    expect(guideQrText({ name: SERVICE.name }, 'zh-CN', COMMUNITY)).toBeNull();
  });

  it("lays the guide out under the screen's headings, each text in Chinese where untranslated", () => {
    expect(guideQrText(SERVICE, 'zh-CN', '长征街社区居民委员会')).toBe(
      [
        '【办事指南】补卡',
        '办理什么：补办一张新卡。',
        '谁可以办：持卡人本人。',
        '要带的材料：',
        '1. 身份证',
        '2. 旧卡',
        '办理步骤：',
        '1. 取号',
        '2. 拍照',
        '多长时间：7 个工作日',
        '收费：免费',
        '在哪里办：人社窗口',
        '长征街社区居民委员会（以窗口最新公示为准）',
      ].join('\n'),
    );
    // The headings are the catalogue's, in the resident's language, whatever the texts' own.
    const en = (key: (typeof GUIDE_SECTIONS)[number][1]) => heading(key, 'en');
    expect(guideQrText(SERVICE, 'en', '长征街社区居民委员会')?.split('\n')).toEqual([
      `${translate('en', 'guide.label')}: New card`,
      `${en('guide.section.purpose')}: Get a new card.`,
      `${en('guide.section.eligibility')}: 持卡人本人。`,
      `${en('guide.section.materials')}:`,
      '1. Your ID card',
      '2. 旧卡',
      `${en('guide.section.steps')}:`,
      '1. 取号',
      '2. Have your photo taken',
      `${en('guide.section.timeLimit')}: 7 个工作日`,
      `${en('guide.section.fees')}: Free`,
      `${en('guide.section.where')}: 人社窗口`,
      "长征街社区居民委员会 (the service window's notice prevails)",
    ]);
  });
});
