import iconv from 'iconv-lite';
import type { Align, EscPosToken, QrErrorLevel } from './escpos-commands.js';
import type {
  DecodedReceipt,
  PendingReceipt,
  QrCode,
  ReceiptLine,
  TextLine,
} from './decoded-receipt.js';

interface Style {
  align: Align;
  bold: boolean;
  width: number;
  height: number;
}

interface QrSettings {
  model: number;
  moduleSize: number;
  errorLevel: QrErrorLevel;
  data: Uint8Array | undefined;
}

// Power-on defaults of an Epson-compatible printer.
const defaultStyle = (): Style => ({ align: 'left', bold: false, width: 1, height: 1 });
const defaultQr = (): QrSettings => ({ model: 2, moduleSize: 3, errorLevel: 'L', data: undefined });

const utf8 = new TextDecoder('utf-8');

/**
 * Applies tokens to a model of the printer's state and paper: text is gathered per line and
 * decoded from GB18030 when the line ends (so a character split across chunks decodes
 * whole), and each cut closes a receipt.
 *
 * A line takes the style in effect at its first character; the kiosk never changes style
 * mid-line, and a real printer would mix styles on one line where this model does not.
 */
export class ReceiptAssembler {
  #style = defaultStyle();
  #chinese = false;
  #qr = defaultQr();
  #lineChunks: Uint8Array[] = [];
  #lineStyle: Style = defaultStyle();
  #lines: ReceiptLine[] = [];
  #problems: string[] = [];

  /** Applies one token; returns the receipt it completed, if it was a cut. */
  apply(token: EscPosToken): DecodedReceipt | undefined {
    switch (token.type) {
      case 'text':
        if (this.#lineChunks.length === 0) this.#lineStyle = { ...this.#style };
        this.#lineChunks.push(token.bytes);
        return undefined;
      case 'newline':
        if (this.#lineChunks.length > 0) this.#flushLine();
        else this.#addFeed(1);
        return undefined;
      case 'init':
        if (this.#lineChunks.length > 0) {
          this.#problems.push('ESC @ discarded text that had no line end');
          this.#lineChunks = [];
        }
        this.#style = defaultStyle();
        this.#qr = defaultQr();
        return undefined;
      case 'align':
        this.#style.align = token.align;
        return undefined;
      case 'bold':
        this.#style.bold = token.on;
        return undefined;
      case 'size':
        this.#style.width = token.width;
        this.#style.height = token.height;
        return undefined;
      case 'chinese-mode':
        this.#chinese = token.on;
        return undefined;
      case 'feed':
        this.#flushLine();
        this.#addFeed(token.lines);
        return undefined;
      case 'qr-model':
        this.#qr.model = token.model;
        return undefined;
      case 'qr-module-size':
        this.#qr.moduleSize = token.size;
        return undefined;
      case 'qr-error-level':
        this.#qr.errorLevel = token.level;
        return undefined;
      case 'qr-store':
        this.#qr.data = token.data;
        return undefined;
      case 'qr-print':
        this.#printQr();
        return undefined;
      case 'raster':
        this.#flushLine();
        this.#lines.push({
          kind: 'image',
          widthDots: token.widthDots,
          heightDots: token.heightDots,
          align: this.#style.align,
        });
        return undefined;
      case 'cut': {
        this.#flushLine();
        const receipt: DecodedReceipt = {
          lines: this.#lines,
          qrCodes: qrCodesOf(this.#lines),
          cut: token.cut,
        };
        this.#lines = [];
        return receipt;
      }
      case 'problem':
        this.#problems.push(token.message);
        return undefined;
      case 'realtime-status':
      case 'transmit-status':
      case 'auto-status-back':
        return undefined;
    }
  }

  /** The paper ran out or the printer stopped: what was printed of this receipt is lost. */
  abandonReceipt(): void {
    this.#lineChunks = [];
    this.#lines = [];
  }

  get pending(): PendingReceipt {
    const lines = [...this.#lines];
    if (this.#lineChunks.length > 0) lines.push(this.#decodeLine(false));
    return { lines, qrCodes: qrCodesOf(lines) };
  }

  /** Problems found since the last call (drained, so a long-running simulator stays small). */
  takeProblems(): string[] {
    const taken = this.#problems;
    this.#problems = [];
    return taken;
  }

  #flushLine(): void {
    if (this.#lineChunks.length === 0) return;
    this.#lines.push(this.#decodeLine(true));
    this.#lineChunks = [];
  }

  #decodeLine(report: boolean): TextLine {
    const bytes = Buffer.concat(this.#lineChunks);
    if (report && !this.#chinese && bytes.some((b) => b >= 0x80)) {
      this.#problems.push('GB18030 text sent without Chinese mode (FS &)');
    }
    return { kind: 'text', text: iconv.decode(bytes, 'gb18030'), ...this.#lineStyle };
  }

  #addFeed(lines: number): void {
    if (lines <= 0) return;
    const last = this.#lines.at(-1);
    if (last?.kind === 'feed') last.lines += lines;
    else this.#lines.push({ kind: 'feed', lines });
  }

  #printQr(): void {
    this.#flushLine();
    const { data, model, moduleSize, errorLevel } = this.#qr;
    if (data === undefined) {
      this.#problems.push('QR print without stored data');
      return;
    }
    if (model !== 2) this.#problems.push(`QR model ${model} (the kiosk prints model 2)`);
    this.#lines.push({
      kind: 'qr',
      data: utf8.decode(data),
      moduleSize,
      errorLevel,
      align: this.#style.align,
    });
  }
}

function qrCodesOf(lines: readonly ReceiptLine[]): QrCode[] {
  return lines.flatMap((line) =>
    line.kind === 'qr'
      ? [{ data: line.data, moduleSize: line.moduleSize, errorLevel: line.errorLevel }]
      : [],
  );
}
