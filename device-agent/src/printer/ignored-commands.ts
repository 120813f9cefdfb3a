import {
  DLE,
  ESC,
  FS,
  GS,
  littleEndian,
  params,
  paramsThenBody,
  problem,
  stepOf,
  type CommandReader,
  type CommandRow,
} from './command-shapes.js';

/**
 * ESC/POS commands outside the kiosk's subset that the simulator's parser steps over: their
 * exact length matters (a misread length turns parameters into text), their meaning does not
 * change the decoded picture. Images are skipped by the length they state.
 */

/** Commands that change nothing in the decoded picture, by parameter count. */
const BY_COUNT: readonly (readonly [prefix: number, code: number, count: number])[] = [
  [ESC, 0x20, 1], // right-side character spacing
  [ESC, 0x2d, 1], // underline
  [ESC, 0x32, 0], // default line spacing
  [ESC, 0x33, 1], // line spacing
  [ESC, 0x3d, 1], // select peripheral
  [ESC, 0x47, 1], // double-strike
  [ESC, 0x4a, 1], // print and feed n dots
  [ESC, 0x4d, 1], // font
  [ESC, 0x52, 1], // international character set
  [ESC, 0x53, 0], // standard mode
  [ESC, 0x55, 1], // unidirectional printing
  [ESC, 0x56, 1], // 90 degree rotation
  [ESC, 0x72, 1], // colour
  [ESC, 0x74, 1], // code table
  [ESC, 0x7b, 1], // upside down
  [ESC, 0x24, 2], // absolute position
  [ESC, 0x5c, 2], // relative position
  [ESC, 0x63, 2], // ESC c 3/4/5 n: panel and sensor settings
  [ESC, 0x70, 3], // drawer pulse
  [GS, 0x2f, 1], // print downloaded bit image
  [GS, 0x3a, 0], // macro definition
  [GS, 0x42, 1], // reverse
  [GS, 0x48, 1], // HRI position
  [GS, 0x49, 1], // transmit printer id
  [GS, 0x4c, 2], // left margin
  [GS, 0x50, 2], // motion units
  [GS, 0x57, 2], // print area width
  [GS, 0x5e, 3], // execute macro
  [GS, 0x62, 1], // smoothing
  [GS, 0x66, 1], // HRI font
  [GS, 0x68, 1], // barcode height
  [GS, 0x77, 1], // barcode width
  [GS, 0x24, 2], // vertical position
  [GS, 0x5c, 2], // relative vertical position
  [FS, 0x21, 1], // Chinese print mode (the kiosk sizes with GS !)
  [FS, 0x2d, 1], // Chinese underline
  [FS, 0x43, 1], // Chinese code system
  [FS, 0x53, 2], // Chinese character spacing
  [FS, 0x57, 1], // Chinese quadruple size
  [FS, 0x70, 2], // print NV bit image
  [DLE, 0x05, 1], // real-time request to the printer
  [DLE, 0x14, 3], // real-time pulse / power off
];

/** `ESC D n... NUL`: tab stops, at most 32 of them. */
const tabStops: CommandReader = (buf, at) => {
  let end = at + 2;
  while (end < buf.length && buf[end] !== 0 && end - at < 35) end++;
  if (end >= buf.length) return 'incomplete';
  return stepOf(end - at + 1, undefined);
};

/** `GS k m ...`: the old form (m 0-6) ends with NUL, the new form states its length. */
const barcode: CommandReader = (buf, at) => {
  if (at + 3 > buf.length) return 'incomplete';
  const m = buf[at + 2] as number;
  const notDecoded = problem('barcode not decoded');
  if (m > 6) {
    if (at + 4 > buf.length) return 'incomplete';
    return stepOf(4, notDecoded, buf[at + 3]);
  }
  let end = at + 3;
  while (end < buf.length && buf[end] !== 0 && end - at < 3 + 255) end++;
  if (end - at >= 3 + 255) return stepOf(3, problem('barcode without terminator'));
  if (end >= buf.length) return 'incomplete';
  return stepOf(end - at + 1, notDecoded);
};

export const IGNORED_COMMANDS: readonly CommandRow[] = [
  ...BY_COUNT.map(([prefix, code, count]) => ({
    code: [prefix, code] as const,
    read: params(count),
  })),
  { code: [ESC, 0x44], read: tabStops },
  { code: [ESC, 0x4c], read: params(0, () => problem('page mode not supported')) },
  // ESC * m nL nH: bit image, 1 or 3 bytes per column
  {
    code: [ESC, 0x2a],
    read: paramsThenBody(
      3,
      (p) => littleEndian(p, 1, 2) * ((p[0] ?? 0) >= 32 ? 3 : 1),
      'bit image not decoded',
    ),
  },
  // GS * x y: define downloaded bit image
  { code: [GS, 0x2a], read: paramsThenBody(2, (p) => (p[0] ?? 0) * (p[1] ?? 0) * 8) },
  // GS 8 L p1 p2 p3 p4: graphics data with a four-byte length
  {
    code: [GS, 0x38],
    read: paramsThenBody(5, (p) => littleEndian(p, 1, 4), 'graphics not decoded'),
  },
  { code: [GS, 0x6b], read: barcode },
  // FS 2 c1 c2 d1...d72: user-defined Chinese character
  { code: [FS, 0x32], read: paramsThenBody(0, () => 74) },
  // FS ( x pL pH ...: a family that states its length
  { code: [FS, 0x28], read: paramsThenBody(3, (p) => littleEndian(p, 1, 2)) },
];
