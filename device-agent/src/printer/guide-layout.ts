import { formatLocalDateTime } from '@bianmin/common';
import type { Service, TerminalConfig } from '@bianmin/config';
import { EscPosBuilder } from './escpos.js';
import { wrapColumns } from './columns.js';
import { CUT_MARGIN_UNITS, paperColumns, printableText, type SlipFormat } from './ticket-layout.js';

/** A service's 办事指南 as the slip prints it: the catalogue's Chinese texts, nothing personal. */
export interface GuideSlip {
  serviceName: string;
  purpose: string;
  eligibility: string;
  materials: readonly string[];
  steps: readonly string[];
  timeLimit: string;
  fees: string;
  where: string;
  communityName: string;
  terminalName: string;
  printedAt: Date;
  timeZone: string;
}

/** A catalogue service's guide as its slip: the Chinese texts (slips are Chinese only, docs/i18n.md). */
export function guideSlipOf(
  { name, guide }: Pick<Service, 'name'> & { guide: NonNullable<Service['guide']> },
  terminal: Pick<TerminalConfig, 'community' | 'name' | 'timeZone'>,
  printedAt: Date,
): GuideSlip {
  const zh = (text: { 'zh-CN': string }) => text['zh-CN'];
  return {
    serviceName: zh(name),
    purpose: zh(guide.purpose),
    eligibility: zh(guide.eligibility),
    materials: guide.materials.map(zh),
    steps: guide.steps.map(zh),
    timeLimit: zh(guide.timeLimit),
    fees: zh(guide.fees),
    where: zh(guide.where),
    communityName: terminal.community.name,
    terminalName: terminal.name,
    printedAt,
    timeZone: terminal.timeZone,
  };
}

type GuideSection = keyof Pick<
  GuideSlip,
  'purpose' | 'eligibility' | 'materials' | 'steps' | 'timeLimit' | 'fees' | 'where'
>;

/**
 * In the screen's order and words (the kiosk's Chinese `guide.section.*` messages,
 * kiosk-ui/src/lib/i18n/zh-CN.ts), so the paper reads as the glass did.
 */
const SECTIONS: readonly (readonly [GuideSection, string])[] = [
  ['purpose', '办理什么'],
  ['eligibility', '谁可以办'],
  ['materials', '要带的材料'],
  ['steps', '办理步骤'],
  ['timeLimit', '多长时间'],
  ['fees', '收费'],
  ['where', '在哪里办'],
];

/**
 * The guide a resident takes away. No QR code: the paper is the copy, and a guide's text as a
 * code (up to version 25, 117 modules) at 4 dots a module is 468 dots, wider than a 58 mm
 * head's 384.
 */
export function layoutGuideSlip(slip: GuideSlip, format: SlipFormat): Uint8Array {
  const columns = paperColumns(format.paperWidthMm);
  const printable = printableText(format);
  const wrapped = (text: string) => wrapColumns(printable(text), columns, 1);
  const b = new EscPosBuilder().init().chineseMode(true).align('center');
  b.bold(true);
  for (const line of wrapped(slip.communityName)) b.line(line);
  b.bold(false).size(2, 2).line('办事指南').size(1, 1).bold(true);
  for (const line of wrapped(slip.serviceName)) b.line(line);
  b.bold(false).feed(1).align('left');
  for (const [section, heading] of SECTIONS) {
    b.bold(true).line(`【${heading}】`).bold(false);
    const value = slip[section];
    const texts = typeof value === 'string' ? [value] : value.map((item, i) => `${i + 1}. ${item}`);
    for (const text of texts) for (const line of wrapped(text)) b.line(line);
  }
  b.feed(1).align('center');
  b.line(`打印时间 ${formatLocalDateTime(slip.printedAt, slip.timeZone, 'minute')}`);
  // Offices change what they ask for before a terminal's catalogue catches up.
  b.line('以窗口最新公示为准');
  for (const line of wrapped(slip.terminalName)) b.line(line);
  return b.feed(1).cut('feed-partial', CUT_MARGIN_UNITS).build();
}
