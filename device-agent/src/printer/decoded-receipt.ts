import type { Align, CutKind, QrErrorLevel } from './escpos-commands.js';

export interface TextLine {
  kind: 'text';
  text: string;
  align: Align;
  bold: boolean;
  /** Character magnification 1-8 in effect at the line's first character. */
  width: number;
  height: number;
}

interface QrLine {
  kind: 'qr';
  data: string;
  moduleSize: number;
  errorLevel: QrErrorLevel;
  align: Align;
}

/** A raster image; only its size is decoded. */
interface ImageLine {
  kind: 'image';
  widthDots: number;
  heightDots: number;
  align: Align;
}

interface FeedLine {
  kind: 'feed';
  /** Blank lines; consecutive feeds and empty line ends are merged. */
  lines: number;
}

/** What came out of the printer, top to bottom. */
export type ReceiptLine = TextLine | QrLine | ImageLine | FeedLine;

export interface QrCode {
  data: string;
  moduleSize: number;
  errorLevel: QrErrorLevel;
}

export interface DecodedReceipt {
  lines: ReceiptLine[];
  /** The QR codes among `lines`, in order, for callers that only want the payloads. */
  qrCodes: QrCode[];
  cut: CutKind;
}

/** Printed but not yet cut off; the last line may still be waiting for its line end. */
export type PendingReceipt = Omit<DecodedReceipt, 'cut'>;

export interface DecodedPrintout {
  receipts: DecodedReceipt[];
  pending: PendingReceipt;
  problems: string[];
}

/** A decoded receipt, or one still being printed (no cut yet). */
export interface ReceiptPrintout {
  readonly lines: readonly ReceiptLine[];
  readonly cut?: CutKind;
}

export interface PaperWidth {
  /** Half-width columns at normal size: 48 for 80 mm paper (default), 32 for 58 mm. */
  columns?: number;
}
