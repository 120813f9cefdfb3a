import type { Align } from './escpos-commands.js';
import type { PaperWidth, ReceiptPrintout } from './decoded-receipt.js';
import { textColumns, wrapColumns } from './columns.js';

function pad(align: Align, used: number, columns: number): string {
  const free = Math.max(0, columns - used);
  const left = align === 'center' ? Math.floor(free / 2) : align === 'right' ? free : 0;
  return ' '.repeat(left);
}

/**
 * Plain-text view for developers: lines wrap where the paper would wrap them (magnified
 * characters take more columns) and are placed by their alignment; magnification itself
 * cannot be shown in text.
 */
export function receiptToText(receipt: ReceiptPrintout, options: PaperWidth = {}): string {
  const columns = options.columns ?? 48;
  const out: string[] = [];
  for (const line of receipt.lines) {
    if (line.kind === 'feed') {
      for (let i = 0; i < line.lines; i++) out.push('');
    } else if (line.kind === 'image') {
      const label = `[image ${line.widthDots}x${line.heightDots}]`;
      out.push(pad(line.align, textColumns(label), columns) + label);
    } else if (line.kind === 'qr') {
      const label = `[QR: ${line.data}]`;
      out.push(pad(line.align, textColumns(label), columns) + label);
    } else {
      for (const part of wrapColumns(line.text, columns, line.width)) {
        out.push(pad(line.align, textColumns(part), columns) + part);
      }
    }
  }
  if (receipt.cut) {
    const label = ` ${receipt.cut} cut `;
    const dashes = Math.max(0, columns - label.length);
    out.push('-'.repeat(Math.floor(dashes / 2)) + label + '-'.repeat(Math.ceil(dashes / 2)));
  }
  return out.join('\n').replace(/ +$/gm, '');
}
