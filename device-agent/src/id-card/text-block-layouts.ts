import { cardDateToIso, isIsoDate } from './dates.js';
import type { Gender, IdCardHolder, IdCardType } from './holder.js';
import { isValidIdNumber } from './id-number.js';

/**
 * The four layouts of the 256-byte GA/T 490 text block, one field table each: the decoder
 * reads with them and the encoder (simulator, sample cards, tests) writes with them. Fields
 * are UCS-2 little-endian, space-padded, at the byte offsets reader vendors publish.
 * Error details name fields and reasons, never field values: they end up in logs.
 */
export const TEXT_BLOCK_LENGTH = 256;

export type TextBlockError = {
  kind:
    | 'wrong-size'
    | 'unknown-layout'
    | 'missing-name'
    | 'bad-gender'
    | 'bad-birth-date'
    | 'bad-id-number'
    | 'bad-validity'
    | 'field-too-long';
  detail: string;
};

/** How a field's characters on the card map to the holder's value, and the error if not. */
interface CodedKindSpec {
  read(stored: string): string | undefined;
  write(value: string): string | undefined;
  readonly invalid: TextBlockError;
}

const GENDER_CODES: Readonly<Record<Gender, string>> = {
  unknown: '0',
  male: '1',
  female: '2',
  unstated: '9',
};
const GENDERS: ReadonlyMap<string, Gender> = new Map(
  Object.entries(GENDER_CODES).map(([gender, code]) => [code, gender as Gender]),
);
const LONG_TERM = '长期';
const writeDate = (iso: string) => (isIsoDate(iso) ? iso.replaceAll('-', '') : undefined);

/**
 * Fields whose characters are a code for the holder's value. After the name, these are
 * checked in this order, so the error reported for a block with several faults is stable.
 */
export const CODED_KINDS = {
  'gender-code': {
    read: (s) => GENDERS.get(s),
    write: (v) => GENDER_CODES[v as Gender],
    invalid: { kind: 'bad-gender', detail: 'gender code is not 0, 1, 2 or 9' },
  },
  'birth-date': {
    read: cardDateToIso,
    write: writeDate,
    invalid: { kind: 'bad-birth-date', detail: 'birth date is not a YYYYMMDD calendar date' },
  },
  'issue-date': {
    read: cardDateToIso,
    write: writeDate,
    invalid: { kind: 'bad-validity', detail: 'start of validity is not a YYYYMMDD date' },
  },
  'expiry-date': {
    read: (s) => (s === LONG_TERM ? 'long-term' : cardDateToIso(s)),
    write: (v) => (v === 'long-term' ? LONG_TERM : writeDate(v)),
    invalid: { kind: 'bad-validity', detail: 'end of validity is neither YYYYMMDD nor 长期' },
  },
} as const satisfies Record<string, CodedKindSpec>;

/** Plain text is stored as it is; everything else is coded. */
export type CodedKind = keyof typeof CODED_KINDS;
type KindName = 'text' | CodedKind;

/** Fields a layout stores; `name` is derived on foreign cards, `cardType` from the marker. */
type StoredField<H> = Exclude<keyof H, 'cardType'> & string;

/**
 * `[byte offset, byte length, field, kind]`. A field given more than one slot fills them in
 * table order (the 2023 card's English name runs on from one slot into another).
 */
export type Slot = readonly [offset: number, length: number, field: string, kind: KindName];

export interface TextBlockLayout {
  readonly cardType: IdCardType;
  /** The character at bytes 248-249; blank on resident cards. */
  readonly marker: string;
  readonly slots: readonly Slot[];
  /** Fields holding the greeting name, first non-empty wins. */
  readonly nameFrom: readonly string[];
  /** Checks the card number against the rest; returns the reason it is wrong, if it is. */
  checkIdNumber(idNumber: string, birthDate: string): string | undefined;
}

/** A slot of one holder type: the field must be one of its own. */
type HolderSlot<H> = readonly [
  offset: number,
  length: number,
  field: StoredField<H>,
  kind: KindName,
];

type LayoutSpec<H extends IdCardHolder> = TextBlockLayout & {
  readonly cardType: H['cardType'];
  readonly slots: readonly HolderSlot<H>[];
  readonly nameFrom: readonly StoredField<H>[];
};

export const MARKER_OFFSET = 248;

type Unstored<H, S extends readonly HolderSlot<H>[]> = Exclude<
  StoredField<H>,
  S[number][2] | 'name'
>;

/** Declares a layout; it does not compile unless its slots cover every field of its holder. */
const layout =
  <H extends IdCardHolder>() =>
  <const S extends readonly HolderSlot<H>[]>(
    spec: LayoutSpec<H> & { slots: S } & ([Unstored<H, S>] extends [never]
        ? unknown
        : { missing: Unstored<H, S> }),
  ): TextBlockLayout =>
    spec;

/** GB 11643 numbers carry the birth date in characters 7-14: a mismatch is a misread. */
function checkCitizenNumber(idNumber: string, birthDate: string): string | undefined {
  if (!isValidIdNumber(idNumber)) return 'ID number format or MOD 11-2 check digit wrong';
  if (idNumber.slice(6, 14) !== birthDate.replaceAll('-', '')) {
    return 'birth date in ID number differs from birth field';
  }
  return undefined;
}

const RESIDENT = layout<Extract<IdCardHolder, { cardType: 'resident' }>>()({
  cardType: 'resident',
  marker: ' ',
  slots: [
    [0, 30, 'name', 'text'],
    [30, 2, 'gender', 'gender-code'],
    [32, 4, 'ethnicityCode', 'text'],
    [36, 16, 'birthDate', 'birth-date'],
    [52, 70, 'address', 'text'],
    [122, 36, 'idNumber', 'text'],
    [158, 30, 'issuingAuthority', 'text'],
    [188, 16, 'validFrom', 'issue-date'],
    [204, 16, 'validUntil', 'expiry-date'],
  ],
  nameFrom: ['name'],
  checkIdNumber: checkCitizenNumber,
});

const HMT_PERMIT = layout<Extract<IdCardHolder, { cardType: 'hmt-permit' }>>()({
  cardType: 'hmt-permit',
  marker: 'J',
  slots: [
    [0, 30, 'name', 'text'],
    [30, 2, 'gender', 'gender-code'],
    [36, 16, 'birthDate', 'birth-date'],
    [52, 70, 'address', 'text'],
    [122, 36, 'idNumber', 'text'],
    [158, 30, 'issuingAuthority', 'text'],
    [188, 16, 'validFrom', 'issue-date'],
    [204, 16, 'validUntil', 'expiry-date'],
    [220, 18, 'passNumber', 'text'],
    [238, 4, 'issueCount', 'text'],
  ],
  nameFrom: ['name'],
  checkIdNumber: checkCitizenNumber,
});

const FOREIGN_2017 = layout<Extract<IdCardHolder, { cardType: 'foreign-2017' }>>()({
  cardType: 'foreign-2017',
  marker: 'I',
  slots: [
    [0, 120, 'englishName', 'text'],
    [120, 2, 'gender', 'gender-code'],
    [122, 30, 'idNumber', 'text'],
    [152, 6, 'nationality', 'text'],
    [158, 30, 'chineseName', 'text'],
    [188, 16, 'validFrom', 'issue-date'],
    [204, 16, 'validUntil', 'expiry-date'],
    [220, 16, 'birthDate', 'birth-date'],
    [236, 4, 'cardVersion', 'text'],
    [240, 8, 'authorityCode', 'text'],
  ],
  nameFrom: ['chineseName', 'englishName'],
  // 3 letters of nationality and 12 digits; the check scheme is not public, so only the shape.
  checkIdNumber: (idNumber) =>
    /^[A-Z]{3}\d{12}$/.test(idNumber) ? undefined : 'card number is not 3 letters and 12 digits',
});

const FOREIGN_2023 = layout<Extract<IdCardHolder, { cardType: 'foreign-2023' }>>()({
  cardType: 'foreign-2023',
  marker: 'Y',
  slots: [
    [0, 30, 'chineseName', 'text'],
    [30, 2, 'gender', 'gender-code'],
    [32, 4, 'renewalCount', 'text'],
    [36, 16, 'birthDate', 'birth-date'],
    [52, 70, 'englishName', 'text'],
    [122, 36, 'idNumber', 'text'],
    [188, 16, 'validFrom', 'issue-date'],
    [204, 16, 'validUntil', 'expiry-date'],
    [220, 22, 'englishName', 'text'],
    [242, 6, 'nationality', 'text'],
    [250, 6, 'previousCardLink', 'text'],
  ],
  nameFrom: ['chineseName', 'englishName'],
  checkIdNumber: (idNumber) =>
    isValidIdNumber(idNumber) && idNumber.startsWith('9')
      ? undefined
      : 'card number is not 18 characters starting 9 with a MOD 11-2 check digit',
});

export const LAYOUTS: readonly TextBlockLayout[] = [
  RESIDENT,
  HMT_PERMIT,
  FOREIGN_2017,
  FOREIGN_2023,
];
