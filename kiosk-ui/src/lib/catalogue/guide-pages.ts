import type { ServiceGuide } from '../agent/types.js';
import type { PlainKey } from '../i18n/catalogue.js';
import type { Language } from '../i18n/languages.js';
import { localized } from '../i18n/local-text.js';
import { COLUMN_MM, TEXT_MM } from '../styles/text-sizes.js';

/**
 * A service guide (办事指南) read on the glass without scrolling (docs/accessibility.md): its
 * sections cut into pages that fit the screen at the resident's text size. Heights are
 * estimated in millimetres from the text's length, as every size on the kiosk is set in
 * millimetres (kiosk.css); the estimates round up, so a page may end early, never overflow.
 */

/** The sections in reading order, with the heading residents see (its message). */
export const GUIDE_SECTIONS = [
  ['purpose', 'guide.section.purpose'],
  ['eligibility', 'guide.section.eligibility'],
  ['materials', 'guide.section.materials'],
  ['steps', 'guide.section.steps'],
  ['timeLimit', 'guide.section.timeLimit'],
  ['fees', 'guide.section.fees'],
  ['where', 'guide.section.where'],
] as const satisfies readonly (readonly [keyof ServiceGuide, PlainKey])[];

type GuideSection = (typeof GUIDE_SECTIONS)[number][0];

/** One paragraph, or one item of a list section (`item` counts from 1). */
export interface GuideBlock {
  section: GuideSection;
  text: string;
  /** The language `text` is in: Chinese where the resident's has no translation. */
  language: Language;
  item?: number;
  /** The rest of the block before it: a block taller than a page is cut where a sentence ends. */
  continues?: true;
}

/** A section's blocks on one page; `continued` when it began on an earlier page. */
interface GuidePagePart {
  section: GuideSection;
  continued: boolean;
  blocks: GuideBlock[];
}

export type GuidePage = GuidePagePart[];

/** The guide's texts in `language`, each falling back to Chinese on its own. */
export function guideBlocks(guide: ServiceGuide, language: Language): GuideBlock[] {
  return GUIDE_SECTIONS.flatMap(([section]): GuideBlock[] => {
    const value = guide[section];
    if (Array.isArray(value)) {
      return value.map((text, index) => ({
        section,
        ...localized(text, language),
        item: index + 1,
      }));
    }
    return [{ section, ...localized(value, language) }];
  });
}

/** Millimetres at text factor 1; see ../styles/text-sizes.ts for the sizes these follow. */
const GUIDE_LAYOUT_MM = {
  /** Header, the service's name, the ticket row and the row of 返回 / 上一页 / 下一页 / 首页. */
  scaledChrome: 28 + 32 + 26 + 26,
  fixedChrome: 24,
  /** A section heading (h2): 13 mm text at line height 1.3, and its 2 mm margin. */
  heading: 21,
  /** A line of body text. */
  line: 15.5,
  /** The gap after a paragraph or list item. */
  paragraphGap: 8.5,
  /** Body text; a Chinese character is one em wide, a Latin one about half. */
  em: TEXT_MM.body,
  /**
   * The text column: the screen's column at 标准 (wider at larger text, so lines hold at least
   * this much) less its margins and a list's indent.
   */
  width: COLUMN_MM - 40,
} as const;

/** The width of `text` in ems: CJK and full-width characters one, others a half. */
function ems(text: string): number {
  let width = 0;
  for (const char of text) width += /[\u2E80-\uFFEF]/u.test(char) ? 1 : 0.5;
  return width;
}

function blockHeight(block: GuideBlock, textFactor: number): number {
  const { line, paragraphGap, em, width } = GUIDE_LAYOUT_MM;
  const perLine = Math.max(1, Math.floor(width / (em * textFactor)));
  const lines = Math.max(1, Math.ceil(ems(block.text) / perLine));
  return (lines * line + paragraphGap) * textFactor;
}

/** Where a text may be cut: after a sentence, else after a clause, else between words. */
const CUTS = [/(?<=[。！？；.!?;])\s*/u, /(?<=[，、：,:])\s*/u, /(?<=[\s\u2E80-\uFFEF])/u];

/**
 * `block` in pieces no taller than `room` each, cut after whole sentences (or, for a sentence
 * taller than the room, clauses, and for a clause, words; in Chinese, characters).
 */
function cutToFit(block: GuideBlock, room: number, textFactor: number, cuts = CUTS): GuideBlock[] {
  const [cut, ...finer] = cuts;
  if (cut === undefined || blockHeight(block, textFactor) <= room) return [block];
  const pieces: string[] = [];
  for (const sentence of block.text.split(cut).filter((s) => s !== '')) {
    const joined = `${pieces.at(-1) ?? ''}${sentence}`;
    const fits = blockHeight({ ...block, text: joined }, textFactor) <= room;
    if (pieces.length > 0 && fits) pieces[pieces.length - 1] = joined;
    else pieces.push(sentence);
  }
  return pieces.flatMap((text, index) => {
    const piece: GuideBlock =
      index === 0 ? { ...block, text } : { ...block, text, continues: true };
    return cutToFit(piece, room, textFactor, finer).map((p, i) =>
      i === 0 ? p : { ...p, continues: true as const },
    );
  });
}

/**
 * The guide's blocks in pages that fit a screen `heightMm` tall at `textFactor`. A section
 * continued on the next page repeats its heading there. A block taller than a whole page is cut
 * between sentences over as many pages as it needs.
 */
export function guidePages(
  blocks: readonly GuideBlock[],
  heightMm: number,
  textFactor: number,
): GuidePage[] {
  const { scaledChrome, fixedChrome, heading } = GUIDE_LAYOUT_MM;
  const room = heightMm - fixedChrome - scaledChrome * textFactor;
  const pages: GuidePage[] = [];
  let page: GuidePage = [];
  let used = 0;
  const pieces = blocks.flatMap((b) => cutToFit(b, room - heading * textFactor, textFactor));
  for (const block of pieces) {
    const part = page.at(-1);
    const joins = part?.section === block.section;
    const height = blockHeight(block, textFactor) + (joins ? 0 : heading * textFactor);
    if (page.length > 0 && used + height > room) {
      pages.push(page);
      page = [];
      const started = pages.some((p) => p.some((q) => q.section === block.section));
      page.push({ section: block.section, continued: started, blocks: [block] });
      used = blockHeight(block, textFactor) + heading * textFactor;
      continue;
    }
    if (joins) part.blocks.push(block);
    else page.push({ section: block.section, continued: false, blocks: [block] });
    used += height;
  }
  if (page.length > 0) pages.push(page);
  return pages;
}
