import { describe, expect, it } from 'vitest';
import type { ServiceGuide } from '../agent/types.js';
import { TEXT_SCALES } from '../styles/text-sizes.js';
import {
  GUIDE_SECTIONS,
  guideBlocks,
  guidePages,
  type GuideBlock,
  type GuidePage,
} from './guide-pages.js';

const zh = (text: string) => ({ 'zh-CN': text });
const GUIDE: ServiceGuide = {
  purpose: zh(
    '去外地长住、跟子女生活或转诊到外地看病，先备案，在外地定点医院看病就能直接结算，不用先垫钱。',
  ),
  eligibility: zh('参加本地医保的人，包括长期在外地居住的老人、在外地工作的人和转诊病人。'),
  materials: [
    zh('本人身份证原件或社保卡'),
    zh('长住外地的带上居住证明或个人承诺书'),
    zh('转诊的带上医院开的转诊证明'),
  ],
  steps: [
    zh('可以在手机上办：“国家医保服务平台”应用或“国家异地就医备案”小程序'),
    zh('不会用手机的，到医保窗口取号，工作人员帮您备案'),
    zh('备案成功后，在外地定点医院看病时出示医保电子凭证或社保卡'),
  ],
  timeLimit: zh('一般当场办结，最迟 2 个工作日'),
  fees: zh('免费'),
  where: zh('社区便民服务中心 医保窗口（取号 B）'),
};

const FHD_21 = 1080 * 0.248;
const FHD_32 = 1080 * 0.369;

describe('guide pages', () => {
  const blocks = guideBlocks(GUIDE, 'zh-CN');

  it('reads the sections in order, one block per paragraph or list item', () => {
    expect(blocks.map((b) => b.section)).toEqual([
      'purpose',
      'eligibility',
      'materials',
      'materials',
      'materials',
      'steps',
      'steps',
      'steps',
      'timeLimit',
      'fees',
      'where',
    ]);
    expect(blocks.filter((b) => b.section === 'steps').map((b) => b.item)).toEqual([1, 2, 3]);
    expect(GUIDE_SECTIONS).toHaveLength(7);
  });

  /** The blocks of `pages` with each cut block joined again. */
  const rejoined = (pages: GuidePage[]) =>
    pages
      .flat()
      .flatMap((part) => part.blocks)
      .reduce<GuideBlock[]>((all, b) => {
        const last = all.at(-1);
        if (b.continues && last) all[all.length - 1] = { ...last, text: last.text + b.text };
        else all.push(b);
        return all;
      }, []);

  it('keeps every block, in order, whatever the page size', () => {
    for (const height of [FHD_21, FHD_32]) {
      for (const { factor } of TEXT_SCALES) {
        expect(rejoined(guidePages(blocks, height, factor))).toEqual(blocks);
      }
    }
  });

  it('needs more pages at larger text and fewer on a larger screen', () => {
    const counts = TEXT_SCALES.map(({ factor }) => guidePages(blocks, FHD_21, factor).length);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(counts[3]).toBeGreaterThan(counts[0]!);
    expect(guidePages(blocks, FHD_32, 1).length).toBeLessThan(counts[0]!);
  });

  it('repeats the heading of a section carried over to the next page', () => {
    const pages = guidePages(blocks, FHD_21, 1.5);
    const parts = pages.flat();
    const steps = parts.filter((part) => part.section === 'steps');
    expect(steps.length).toBeGreaterThan(1);
    expect(steps.map((part) => part.continued)).toEqual([false, ...steps.slice(1).map(() => true)]);
  });

  it('cuts a block taller than a page between sentences, over as many pages as it needs', () => {
    const long = guideBlocks(
      { ...GUIDE, purpose: zh('先备案再看病，在外地定点医院就能直接结算。'.repeat(8)) },
      'zh-CN',
    );
    const pages = guidePages(long, FHD_32, 1.5);
    const purpose = pages.flat().filter((part) => part.section === 'purpose');
    expect(purpose.length).toBeGreaterThan(1);
    for (const part of purpose) {
      expect(part.blocks).toHaveLength(1);
      expect(part.blocks[0]!.text).toMatch(/^先备案.*。$/u);
    }
    expect(purpose.map((part) => part.blocks[0]!.continues ?? false)).toEqual([
      false,
      ...purpose.slice(1).map(() => true),
    ]);
    expect(rejoined(pages)).toEqual(long);
  });

  it('cuts a sentence taller than a page after a clause', () => {
    const long = guideBlocks({ ...GUIDE, purpose: zh('先备案再看病，'.repeat(40)) }, 'zh-CN');
    const purpose = guidePages(long, FHD_21, 1.5)
      .flat()
      .filter((part) => part.section === 'purpose');
    expect(purpose.length).toBeGreaterThan(1);
    expect(purpose.every((part) => part.blocks[0]!.text.endsWith('，'))).toBe(true);
  });

  it('cuts a clause taller than a page between words', () => {
    const long = guideBlocks({ ...GUIDE, purpose: zh('先备案再看病'.repeat(20)) }, 'zh-CN');
    const pages = guidePages(long, FHD_21, 1.5);
    expect(pages.flat().filter((part) => part.section === 'purpose').length).toBeGreaterThan(1);
    expect(rejoined(pages)).toEqual(long);
  });
});
