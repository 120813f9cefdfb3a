import {
  GS,
  hex,
  problem,
  reverse,
  stepOf,
  type CommandReader,
  type CommandRow,
  type Meaning,
} from './command-shapes.js';
import type { QrErrorLevel } from './escpos-commands.js';

/**
 * QR codes (model 2) in the command table: `GS ( k pL pH cn fn [params]`, cn 0x31 = QR, pL pH
 * counting cn, fn and the parameters. Each function is declared once for the builder and the
 * parser alike.
 */

const QR_LEVEL_CODES: Readonly<Record<QrErrorLevel, number>> = {
  L: 0x30,
  M: 0x31,
  Q: 0x32,
  H: 0x33,
};
const QR_LEVEL_BY_CODE = reverse(QR_LEVEL_CODES);

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

export const QR_FAMILY: CommandRow = { code: [GS, 0x28], read: readGsParen };
