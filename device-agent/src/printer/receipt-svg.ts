import type { Align } from './escpos-commands.js';
import type { PaperWidth, ReceiptPrintout } from './decoded-receipt.js';
import { textColumns, wrapColumns } from './columns.js';

// Printer geometry at 203 dpi: a half-width cell is 12 x 24 dots, lines are 30 dots apart.
const CELL_WIDTH = 12;
const CELL_HEIGHT = 24;
const LINE_GAP = 6;
const MARGIN = 16;
const FONT = "'Noto Sans Mono CJK SC','WenQuanYi Zen Hei Mono','Source Han Sans SC',monospace";
/** Byte capacity of QR versions 1-10 at level M, to size the placeholder roughly right. */
const QR_CAPACITY_M = [14, 26, 42, 62, 84, 106, 122, 152, 180, 213];

// XML 1.0 forbids most control characters and lone surrogates even when escaped.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|\p{Cs}/gu;

export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function qrModules(data: string): number {
  const bytes = new TextEncoder().encode(data).length;
  const version = QR_CAPACITY_M.findIndex((capacity) => bytes <= capacity);
  return 21 + 4 * (version < 0 ? 14 : version);
}

/**
 * A picture of the receipt at printer scale (1 unit = 1 dot at 203 dpi) for the dev panel
 * and for test snapshots a person can look at. Each text line is stretched to exactly the
 * width the printer gives it, so layout problems show whatever font the viewer has. QR codes
 * are a placeholder square labelled with the payload (there is no QR encoder here).
 */
export function receiptToSvg(receipt: ReceiptPrintout, options: PaperWidth = {}): string {
  const columns = options.columns ?? 48;
  const printable = columns * CELL_WIDTH;
  const width = printable + 2 * MARGIN;
  const body: string[] = [];
  let y = MARGIN;

  const xFor = (align: Align, used: number): number => {
    const free = Math.max(0, printable - used);
    return MARGIN + (align === 'center' ? free / 2 : align === 'right' ? free : 0);
  };
  const text = (
    x: number,
    baseline: number,
    size: number,
    length: number,
    content: string,
    bold: boolean,
  ) =>
    `<text x="${x}" y="${baseline}" font-size="${size}"${bold ? ' font-weight="bold"' : ''} textLength="${length}" lengthAdjust="spacingAndGlyphs">${escapeXml(content)}</text>`;

  for (const line of receipt.lines) {
    if (line.kind === 'feed') {
      y += line.lines * (CELL_HEIGHT + LINE_GAP);
    } else if (line.kind === 'text') {
      const height = CELL_HEIGHT * line.height;
      for (const part of wrapColumns(line.text, columns, line.width)) {
        if (part !== '') {
          const used = textColumns(part) * line.width * CELL_WIDTH;
          body.push(text(xFor(line.align, used), y + height * 0.85, height, used, part, line.bold));
        }
        y += height + LINE_GAP;
      }
    } else if (line.kind === 'image') {
      // The dots are not decoded: a grey box of the image's size.
      const w = Math.min(printable, line.widthDots);
      body.push(
        `<rect class="image" x="${xFor(line.align, w)}" y="${y}" width="${w}" height="${line.heightDots}" fill="#ddd" stroke="#000"/>`,
      );
      y += line.heightDots + LINE_GAP;
    } else {
      const side = Math.min(printable, qrModules(line.data) * line.moduleSize);
      const x = xFor(line.align, side);
      const finder = Math.round(side * (7 / 29));
      body.push(
        `<g class="qr"><rect x="${x}" y="${y}" width="${side}" height="${side}" fill="#fff" stroke="#000" stroke-width="2"/>`,
      );
      for (const [fx, fy] of [
        [x, y],
        [x + side - finder, y],
        [x, y + side - finder],
      ] as const) {
        body.push(
          `<rect x="${fx + 4}" y="${fy + 4}" width="${finder - 8}" height="${finder - 8}" fill="#000"/>`,
        );
      }
      body.push('</g>');
      y += side + LINE_GAP;
      const label = `QR: ${line.data}`;
      for (const part of wrapColumns(label, columns * 2, 1)) {
        const used = textColumns(part) * CELL_WIDTH * 0.5;
        body.push(
          `<text x="${xFor(line.align, used)}" y="${y + 10}" font-size="12" fill="#555" textLength="${used}" lengthAdjust="spacingAndGlyphs">${escapeXml(part)}</text>`,
        );
        y += 14;
      }
      y += LINE_GAP;
    }
  }
  if (receipt.cut) {
    y += LINE_GAP;
    body.push(
      `<line x1="0" y1="${y}" x2="${width}" y2="${y}" stroke="#999" stroke-dasharray="${receipt.cut === 'full' ? '12 0' : '8 6'}"/>`,
      `<text x="${width - MARGIN}" y="${y - 4}" font-size="12" fill="#999" text-anchor="end">${escapeXml(`${receipt.cut} cut`)}</text>`,
    );
  }
  const height = Math.ceil(y + MARGIN);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<g font-family="${escapeXml(FONT)}" fill="#000">`,
    ...body,
    '</g>',
    '</svg>',
  ].join('\n');
}
