import {
  DLE,
  ESC,
  FS,
  GS,
  hex,
  params,
  problem,
  stepOf,
  type CommandReader,
  type CommandRow,
  type Meaning,
} from './command-shapes.js';
import { isRealtimeStatusRequest, type RealtimeStatusRequest } from './status-bits.js';

/**
 * The ESC/POS subset the kiosk prints with, declared once per command: its code bytes, how
 * a value becomes parameter bytes (the builder's side) and what parameter bytes mean (the
 * simulator's side). Bytes follow docs/architecture.md's printer section (Epson-compatible
 * 80 mm printers with Chinese mode and `GS ( k` QR).
 */

export type Align = 'left' | 'center' | 'right';
export type CutKind = 'full' | 'partial' | 'feed-partial';
export type QrErrorLevel = 'L' | 'M' | 'Q' | 'H';

/** One command (or run of text) read from the byte stream, in stream order. */
export type EscPosToken =
  | { type: 'text'; bytes: Uint8Array }
  | { type: 'newline' }
  | { type: 'init' }
  | { type: 'align'; align: Align }
  | { type: 'bold'; on: boolean }
  | { type: 'size'; width: number; height: number }
  | { type: 'chinese-mode'; on: boolean }
  | { type: 'feed'; lines: number }
  | { type: 'qr-model'; model: number }
  | { type: 'qr-module-size'; size: number }
  | { type: 'qr-error-level'; level: QrErrorLevel }
  | { type: 'qr-store'; data: Uint8Array }
  | { type: 'qr-print' }
  | { type: 'cut'; cut: CutKind }
  /** `DLE EOT n`: answered at once, even ahead of buffered print data. */
  | { type: 'realtime-status'; n: RealtimeStatusRequest }
  /** `GS r n`: answered in turn, after the data before it. */
  | { type: 'transmit-status'; n: number }
  /** `GS a n`: automatic status back on (n not 0) or off. */
  | { type: 'auto-status-back'; n: number }
  | { type: 'problem'; message: string };

/** A command the builder sends and the parser reads. */
export interface Command<Value> extends CommandRow {
  /** The whole command for `value`. */
  encode(value: Value): number[];
}

function command<Value>(
  code: readonly [number, number],
  read: CommandReader,
  encodeParams: (value: Value) => readonly number[],
): Command<Value> {
  return { code, read, encode: (value) => [...code, ...encodeParams(value)] };
}

/** A code for each value, read back by the same table (plus the ASCII digit forms for align). */
const ALIGN_CODES: Readonly<Record<Align, number>> = { left: 0, center: 1, right: 2 };
const QR_LEVEL_CODES: Readonly<Record<QrErrorLevel, number>> = {
  L: 0x30,
  M: 0x31,
  Q: 0x32,
  H: 0x33,
};
const CUT_PARAMS: Readonly<Record<CutKind, readonly number[]>> = {
  full: [0x00],
  partial: [0x01],
  'feed-partial': [0x42, 0x00],
};
/** `GS V m`: the first byte names the cut; 0x41 and 0x42 take a feed amount after it. */
const CUT_BY_MODE: ReadonlyMap<number, CutKind> = new Map([
  [0x00, 'full'],
  [0x30, 'full'],
  [0x01, 'partial'],
  [0x31, 'partial'],
  [0x41, 'full'],
  [0x42, 'feed-partial'],
]);

const reverse = <K extends string>(codes: Readonly<Record<K, number>>): ReadonlyMap<number, K> =>
  new Map(Object.entries<number>(codes).map(([key, code]) => [code, key as K]));
const ALIGN_BY_CODE = reverse(ALIGN_CODES);
const QR_LEVEL_BY_CODE = reverse(QR_LEVEL_CODES);

export const INIT = command<void>(
  [ESC, 0x40],
  params(0, () => ({ type: 'init' })),
  () => [],
);

export const ALIGN = command<Align>(
  [ESC, 0x61],
  params(1, ([n = 0]) => {
    const align = ALIGN_BY_CODE.get(n >= 0x30 ? n - 0x30 : n);
    return align ? { type: 'align', align } : problem(`bad alignment ${hex([n])}`);
  }),
  (align) => [ALIGN_CODES[align] ?? 0],
);

export const BOLD = command<boolean>(
  [ESC, 0x45],
  params(1, ([n = 0]) => ({ type: 'bold', on: (n & 1) === 1 })),
  (on) => [on ? 1 : 0],
);

/** Magnification 1-8 each way: width-1 in bits 4-6, height-1 in bits 0-2. */
export const SIZE = command<{ width: number; height: number }>(
  [GS, 0x21],
  params(1, ([n = 0]) => ({ type: 'size', width: ((n >> 4) & 0x07) + 1, height: (n & 0x07) + 1 })),
  ({ width, height }) => [(((width - 1) & 0x07) << 4) | ((height - 1) & 0x07)],
);

export const CHINESE_ON = command<void>(
  [FS, 0x26],
  params(0, () => ({ type: 'chinese-mode', on: true })),
  () => [],
);
export const CHINESE_OFF = command<void>(
  [FS, 0x2e],
  params(0, () => ({ type: 'chinese-mode', on: false })),
  () => [],
);

/** Print what is buffered and feed n lines. */
export const FEED = command<number>(
  [ESC, 0x64],
  params(1, ([lines = 0]) => ({ type: 'feed', lines })),
  (lines) => [lines & 0xff],
);

export const CUT = command<CutKind>(
  [GS, 0x56],
  params(
    (mode) => (mode === 0x41 || mode === 0x42 ? 2 : 1),
    ([mode = 0]) => {
      const cut = CUT_BY_MODE.get(mode);
      return cut ? { type: 'cut', cut } : problem(`unsupported cut ${hex([mode])}`);
    },
  ),
  (kind) => CUT_PARAMS[kind] ?? CUT_PARAMS.partial,
);

/** `DLE EOT n`; n 7 and 8 (other models' extended status) take one more byte. */
export const REALTIME_STATUS_REQUEST = command<number>(
  [DLE, 0x04],
  params(
    (n) => (n === 7 || n === 8 ? 2 : 1),
    ([n = 0]): Meaning => {
      if (isRealtimeStatusRequest(n)) return { type: 'realtime-status', n };
      if (n === 7 || n === 8) return undefined;
      return problem(`unknown status request ${hex([n])}`);
    },
  ),
  (n) => [n],
);

/** `GS r n`, buffered status; n=1 asks for the paper sensors. */
export const TRANSMIT_STATUS = command<number>(
  [GS, 0x72],
  params(1, ([n = 0]) => ({ type: 'transmit-status', n })),
  (n) => [n],
);

export const AUTO_STATUS_BACK = command<number>(
  [GS, 0x61],
  params(1, ([n = 0]) => ({ type: 'auto-status-back', n })),
  (n) => [n],
);

// QR codes: `GS ( k pL pH cn fn [params]`, cn 0x31 = QR, pL pH counting cn, fn and params.

const QR_KIND = 0x31;

interface QrFunction<Value> {
  readonly fn: number;
  encode(value: Value): number[];
  readonly meaning: (params: Uint8Array) => Meaning;
}

function qrFunction<Value>(
  fn: number,
  meaning: (params: Uint8Array) => Meaning,
  encodeParams: (value: Value) => readonly number[],
): QrFunction<Value> {
  return {
    fn,
    meaning,
    encode(value) {
      const p = encodeParams(value);
      const length = p.length + 2;
      return [GS, 0x28, 0x6b, length & 0xff, length >> 8, QR_KIND, fn, ...p];
    },
  };
}

export const QR_MODEL = qrFunction<1 | 2>(
  0x41,
  ([m]) =>
    m !== undefined && m >= 0x31 && m <= 0x33
      ? { type: 'qr-model', model: m - 0x30 }
      : problem('bad QR model command'),
  (model) => [0x30 + model, 0x00],
);

export const QR_MODULE_SIZE = qrFunction<number>(
  0x43,
  ([size]) => (size === undefined ? problem('bad QR size') : { type: 'qr-module-size', size }),
  (size) => [size],
);

export const QR_ERROR_LEVEL = qrFunction<QrErrorLevel>(
  0x45,
  ([code = -1]) => {
    const level = QR_LEVEL_BY_CODE.get(code);
    return level ? { type: 'qr-error-level', level } : problem('bad QR error level');
  },
  (level) => [QR_LEVEL_CODES[level]],
);

/** Store the symbol data (m = 0x30). */
export const QR_STORE = qrFunction<Uint8Array>(
  0x50,
  (p) => (p.length < 1 ? problem('bad QR store command') : { type: 'qr-store', data: p.slice(1) }),
  (data) => [0x30, ...data],
);

export const QR_PRINT = qrFunction<void>(
  0x51,
  () => ({ type: 'qr-print' }),
  () => [0x30],
);

/** Transmit size information: a query the simulator does not answer. */
const QR_TRANSMIT_SIZE = qrFunction<void>(
  0x52,
  () => undefined,
  () => [0x30],
);

const QR_FUNCTIONS: ReadonlyMap<number, QrFunction<never>> = new Map(
  [QR_MODEL, QR_MODULE_SIZE, QR_ERROR_LEVEL, QR_STORE, QR_PRINT, QR_TRANSMIT_SIZE].map((f) => [
    f.fn,
    f as QrFunction<never>,
  ]),
);

/**
 * `GS ( x pL pH ...`: every command of this family states its own length. Only QR symbols
 * (`x` = k, cn = 0x31) are decoded; the rest are skipped by their length.
 */
const readGsParen: CommandReader = (buf, at) => {
  if (at + 5 > buf.length) return 'incomplete';
  const family = buf[at + 2] as number;
  const length = (buf[at + 3] as number) + (buf[at + 4] as number) * 256;
  if (family !== 0x6b) return stepOf(5, undefined, length);
  if (length < 2) return stepOf(5, problem(`2D code command too short (${length})`), length);
  const cn = buf[at + 5];
  if (cn === undefined) return 'incomplete';
  if (cn !== QR_KIND) {
    return stepOf(5, problem(`2D code type ${hex([cn])} not decoded (only QR)`), length);
  }
  if (at + 5 + length > buf.length) return 'incomplete';
  const fn = buf[at + 6] as number;
  const qr = QR_FUNCTIONS.get(fn);
  const consumed = 5 + length;
  if (!qr) return stepOf(consumed, problem(`unknown QR function ${hex([fn])}`));
  return stepOf(consumed, qr.meaning(buf.subarray(at + 7, at + consumed)));
};

/** Commands the kiosk never sends but that change the picture when another host does. */
const READ_ONLY: readonly CommandRow[] = [
  { code: [GS, 0x28], read: readGsParen },
  // ESC ! n: character mode; bold in bit 3, double height in bit 4, double width in bit 5.
  {
    code: [ESC, 0x21],
    read: params(1, ([n = 0]) => [
      { type: 'bold', on: (n & 0x08) !== 0 },
      { type: 'size', width: n & 0x20 ? 2 : 1, height: n & 0x10 ? 2 : 1 },
    ]),
  },
  { code: [ESC, 0x69], read: params(0, () => ({ type: 'cut', cut: 'full' })) },
  { code: [ESC, 0x6d], read: params(0, () => ({ type: 'cut', cut: 'partial' })) },
];

export const DECODED_COMMANDS: readonly CommandRow[] = [
  INIT,
  ALIGN,
  BOLD,
  SIZE,
  CHINESE_ON,
  CHINESE_OFF,
  FEED,
  CUT,
  REALTIME_STATUS_REQUEST,
  TRANSMIT_STATUS,
  AUTO_STATUS_BACK,
  ...READ_ONLY,
];
