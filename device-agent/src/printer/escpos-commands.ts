import {
  DLE,
  ESC,
  FS,
  GS,
  hex,
  littleEndian,
  params,
  problem,
  reverse,
  stepOf,
  type CommandReader,
  type CommandRow,
  type Meaning,
} from './command-shapes.js';
import { QR_FAMILY } from './qr-commands.js';
import { isRealtimeStatusRequest, type RealtimeStatusRequest } from './status-bits.js';

/**
 * The ESC/POS subset the kiosk prints with, declared once per command: its code bytes, how
 * a value becomes parameter bytes (the builder's side) and what parameter bytes mean (the
 * simulator's side). Bytes are those of Epson's ESC/POS reference as Epson-compatible 58 and
 * 80 mm printers with Chinese mode and `GS ( k` QR implement them (docs/devices.md).
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
  /** `GS v 0`: a raster bit image; its dots are skipped, only its size is kept. */
  | { type: 'raster'; widthDots: number; heightDots: number }
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
const CUT_MODES: Readonly<Record<CutKind, number>> = {
  full: 0x00,
  partial: 0x01,
  'feed-partial': 0x42,
};
/**
 * `GS V m`: the first byte names the cut; 0x41 and 0x42 take a feed amount after it. Other
 * hosts also send the ASCII-digit forms and 0x41 (feed, then full cut).
 */
const CUT_BY_MODE: ReadonlyMap<number, CutKind> = new Map([
  ...reverse(CUT_MODES),
  [0x30, 'full'],
  [0x31, 'partial'],
  [0x41, 'full'],
]);

const ALIGN_BY_CODE = reverse(ALIGN_CODES);

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

/**
 * `GS V m [n]`. With 'feed-partial' (m = 66) the printer itself feeds the paper to its
 * cutting position, plus n vertical motion units, before cutting: whatever was printed last
 * clears the cutter however far above the head the cutter sits.
 */
export const CUT = command<{ kind: CutKind; feedUnits?: number }>(
  [GS, 0x56],
  params(
    (mode) => (mode === 0x41 || mode === 0x42 ? 2 : 1),
    ([mode = 0]) => {
      const cut = CUT_BY_MODE.get(mode);
      return cut ? { type: 'cut', cut } : problem(`unsupported cut ${hex([mode])}`);
    },
  ),
  ({ kind, feedUnits = 0 }) => {
    const mode = CUT_MODES[kind] ?? CUT_MODES.partial;
    return mode === CUT_MODES['feed-partial'] ? [mode, feedUnits & 0xff] : [mode];
  },
);

/** A raster image for `RASTER_IMAGE`: rows of `widthBytes` bytes, 8 dots each, MSB leftmost. */
export interface RasterImage {
  widthBytes: number;
  heightDots: number;
  /** widthBytes x heightDots bytes, row by row; a set bit prints a dot. */
  data: Uint8Array;
}

/**
 * `GS v 0 m xL xH yL yH d1...dk`, normal density (m = 0). The parser keeps the image's size
 * and skips its dots, which can run to many kilobytes.
 */
export const RASTER_IMAGE: Command<RasterImage> = {
  code: [GS, 0x76],
  read: (buf, at) => {
    if (at + 8 > buf.length) return 'incomplete';
    const p = buf.subarray(at + 2, at + 8);
    const widthBytes = littleEndian(p, 2, 2);
    const heightDots = littleEndian(p, 4, 2);
    const skip = widthBytes * heightDots;
    if (p[0] !== 0x30)
      return stepOf(8, problem(`unsupported raster form ${hex([p[0] ?? 0])}`), skip);
    return stepOf(8, { type: 'raster', widthDots: widthBytes * 8, heightDots }, skip);
  },
  encode: ({ widthBytes, heightDots, data }) => [
    GS,
    0x76,
    0x30,
    0x00,
    widthBytes & 0xff,
    (widthBytes >> 8) & 0xff,
    heightDots & 0xff,
    (heightDots >> 8) & 0xff,
    ...data.subarray(0, widthBytes * heightDots),
  ],
};

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

/** Commands the kiosk never sends but that change the picture when another host does. */
const READ_ONLY: readonly CommandRow[] = [
  QR_FAMILY,
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
  RASTER_IMAGE,
  REALTIME_STATUS_REQUEST,
  TRANSMIT_STATUS,
  AUTO_STATUS_BACK,
  ...READ_ONLY,
];
