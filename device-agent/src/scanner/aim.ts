import type { ScannerSymbology } from '@bianmin/contract';

/**
 * AIM symbology identifiers (ISO/IEC 15424): `]`, a code character naming the symbology
 * family, and a modifier character. The one table the simulator encodes with and the driver
 * decodes with (docs/devices.md, "Supported scanners").
 */
export const AIM_IDENTIFIERS = {
  qr: ']Q1',
  'data-matrix': ']d1',
  pdf417: ']L0',
  aztec: ']z0',
  'code-128': ']C0',
  // Code 128 with FNC1 first: the AIM modifier is what tells GS1-128 apart.
  'gs1-128': ']C1',
  'ean-13': ']E0',
  'ean-8': ']E4',
  'code-39': ']A0',
  itf: ']I0',
} as const satisfies Record<Exclude<ScannerSymbology, 'unknown'>, string>;

type Named = keyof typeof AIM_IDENTIFIERS;

const BY_IDENTIFIER = new Map<string, Named>(
  Object.entries(AIM_IDENTIFIERS).map(([name, id]) => [id, name as Named]),
);
/** The family by code character, for a modifier the table does not list (e.g. `]Q3`). */
const BY_CODE = new Map<string, Named>();
for (const [name, id] of Object.entries(AIM_IDENTIFIERS)) {
  if (!BY_CODE.has(id[1]!)) BY_CODE.set(id[1]!, name as Named);
}
const MODIFIER = /^[0-9A-Z]$/;

export interface ScannedText {
  symbology: ScannerSymbology;
  text: string;
}

/**
 * Splits a line into its symbology and the code's text. A line that does not start with a
 * known AIM identifier is all text, from a scanner with the prefix turned off: 'unknown'.
 */
export function decodeAim(line: string): ScannedText {
  const id = line.slice(0, 3);
  if (id.length === 3 && id[0] === ']' && MODIFIER.test(id[2]!)) {
    const symbology = BY_IDENTIFIER.get(id) ?? BY_CODE.get(id[1]!);
    if (symbology) return { symbology, text: line.slice(3) };
  }
  return { symbology: 'unknown', text: line };
}

/** The line a scanner with AIM prefixes on sends for a code; 'unknown' sends the text alone. */
export function encodeAim({ symbology, text }: ScannedText): string {
  return symbology === 'unknown' ? text : `${AIM_IDENTIFIERS[symbology]}${text}`;
}
