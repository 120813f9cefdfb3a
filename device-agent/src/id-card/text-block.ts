import { ok, err, type Result } from '@bianmin/common';
import { cardDateToIso, isIsoDate } from './dates.js';
import type {
  Foreign2017Holder,
  Foreign2023Holder,
  Gender,
  HmtPermitHolder,
  IdCardHolder,
  ResidentHolder,
} from './holder.js';
import { isValidIdNumber } from './id-number.js';

/**
 * The 256-byte text block of GA/T 490 cards: UCS-2 little-endian, space-padded fields at
 * fixed byte offsets. Four layouts share it; the character at bytes 248-249 says which.
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

/** [byte offset, byte length]. */
type Field = readonly [number, number];

const MARKER: Field = [248, 2];

const RESIDENT = {
  name: [0, 30],
  gender: [30, 2],
  ethnicityCode: [32, 4],
  birthDate: [36, 16],
  address: [52, 70],
  idNumber: [122, 36],
  issuingAuthority: [158, 30],
  validFrom: [188, 16],
  validUntil: [204, 16],
} as const satisfies Record<string, Field>;

const HMT_PERMIT = {
  ...RESIDENT,
  passNumber: [220, 18],
  issueCount: [238, 4],
} as const satisfies Record<string, Field>;

const FOREIGN_2017 = {
  englishName: [0, 120],
  gender: [120, 2],
  idNumber: [122, 30],
  nationality: [152, 6],
  chineseName: [158, 30],
  validFrom: [188, 16],
  validUntil: [204, 16],
  birthDate: [220, 16],
  cardVersion: [236, 4],
  authorityCode: [240, 8],
} as const satisfies Record<string, Field>;

const FOREIGN_2023 = {
  chineseName: [0, 30],
  gender: [30, 2],
  renewalCount: [32, 4],
  birthDate: [36, 16],
  englishName1: [52, 70],
  idNumber: [122, 36],
  validFrom: [188, 16],
  validUntil: [204, 16],
  englishName2: [220, 22],
  nationality: [242, 6],
  previousCardLink: [250, 6],
} as const satisfies Record<string, Field>;

const MARKERS = { 'hmt-permit': 'J', 'foreign-2017': 'I', 'foreign-2023': 'Y' } as const;

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

// ---------------------------------------------------------------------------------------
// Decoding

function raw(block: Buffer, [offset, length]: Field): string {
  return block.toString('utf16le', offset, offset + length);
}

/** Padding is spaces on real cards; NULs are tolerated because some readers zero-fill. */
function trimPadding(s: string): string {
  return s.replace(/^[ \0]+|[ \0]+$/g, '');
}

function text(block: Buffer, field: Field): string {
  return trimPadding(raw(block, field));
}

interface CommonRead {
  gender: Gender;
  birthDate: string;
  validFrom: string;
  validUntil: string;
}

/** Fields every layout has, validated the same way. */
function readCommon(
  block: Buffer,
  layout: { gender: Field; birthDate: Field; validFrom: Field; validUntil: Field },
): Result<CommonRead, TextBlockError> {
  const gender = GENDERS.get(text(block, layout.gender));
  if (!gender) return err({ kind: 'bad-gender', detail: 'gender code is not 0, 1, 2 or 9' });
  const birthDate = cardDateToIso(text(block, layout.birthDate));
  if (!birthDate) {
    return err({ kind: 'bad-birth-date', detail: 'birth date is not a YYYYMMDD calendar date' });
  }
  const validFrom = cardDateToIso(text(block, layout.validFrom));
  if (!validFrom) {
    return err({ kind: 'bad-validity', detail: 'start of validity is not a YYYYMMDD date' });
  }
  const until = text(block, layout.validUntil);
  const validUntil = until === LONG_TERM ? 'long-term' : cardDateToIso(until);
  if (!validUntil) {
    return err({ kind: 'bad-validity', detail: 'end of validity is neither YYYYMMDD nor 长期' });
  }
  return ok({ gender, birthDate, validFrom, validUntil });
}

/** GB 11643 numbers carry the birth date in characters 7-14: a mismatch is a misread. */
function checkCitizenNumber(idNumber: string, birthDate: string): TextBlockError | undefined {
  if (!isValidIdNumber(idNumber)) {
    return { kind: 'bad-id-number', detail: 'ID number format or MOD 11-2 check digit wrong' };
  }
  if (idNumber.slice(6, 14) !== birthDate.replaceAll('-', '')) {
    return { kind: 'bad-id-number', detail: 'birth date in ID number differs from birth field' };
  }
  return undefined;
}

function decodeResidentOrHmt(
  block: Buffer,
  cardType: 'resident' | 'hmt-permit',
): Result<ResidentHolder | HmtPermitHolder, TextBlockError> {
  const name = text(block, RESIDENT.name);
  if (!name) return err({ kind: 'missing-name', detail: 'name field is empty' });
  const common = readCommon(block, RESIDENT);
  if (!common.ok) return common;
  const idNumber = text(block, RESIDENT.idNumber);
  const idError = checkCitizenNumber(idNumber, common.value.birthDate);
  if (idError) return err(idError);
  const shared = {
    name,
    ...common.value,
    idNumber,
    address: text(block, RESIDENT.address),
    issuingAuthority: text(block, RESIDENT.issuingAuthority),
  };
  if (cardType === 'resident') {
    return ok({
      cardType,
      ...shared,
      ethnicityCode: text(block, RESIDENT.ethnicityCode),
    });
  }
  return ok({
    cardType,
    ...shared,
    passNumber: text(block, HMT_PERMIT.passNumber),
    issueCount: text(block, HMT_PERMIT.issueCount),
  });
}

function decodeForeign2017(block: Buffer): Result<Foreign2017Holder, TextBlockError> {
  const chineseName = text(block, FOREIGN_2017.chineseName);
  const englishName = text(block, FOREIGN_2017.englishName);
  const name = chineseName || englishName;
  if (!name) return err({ kind: 'missing-name', detail: 'both name fields are empty' });
  const common = readCommon(block, FOREIGN_2017);
  if (!common.ok) return common;
  // 2017 card numbers are 3 letters of nationality and 12 digits; their check scheme is not
  // public, so only the shape is checked.
  const idNumber = text(block, FOREIGN_2017.idNumber);
  if (!/^[A-Z]{3}\d{12}$/.test(idNumber)) {
    return err({ kind: 'bad-id-number', detail: 'card number is not 3 letters and 12 digits' });
  }
  return ok({
    cardType: 'foreign-2017',
    name,
    ...common.value,
    idNumber,
    chineseName,
    englishName,
    nationality: text(block, FOREIGN_2017.nationality),
    cardVersion: text(block, FOREIGN_2017.cardVersion),
    authorityCode: text(block, FOREIGN_2017.authorityCode),
  });
}

function decodeForeign2023(block: Buffer): Result<Foreign2023Holder, TextBlockError> {
  const chineseName = text(block, FOREIGN_2023.chineseName);
  // The English name runs on from part 1 into part 2; joining them untrimmed keeps a space
  // that falls exactly on the boundary.
  const englishName = trimPadding(
    raw(block, FOREIGN_2023.englishName1) + raw(block, FOREIGN_2023.englishName2),
  );
  const name = chineseName || englishName;
  if (!name) return err({ kind: 'missing-name', detail: 'both name fields are empty' });
  const common = readCommon(block, FOREIGN_2023);
  if (!common.ok) return common;
  const idNumber = text(block, FOREIGN_2023.idNumber);
  if (!isValidIdNumber(idNumber) || !idNumber.startsWith('9')) {
    return err({
      kind: 'bad-id-number',
      detail: 'card number is not 18 characters starting 9 with a MOD 11-2 check digit',
    });
  }
  return ok({
    cardType: 'foreign-2023',
    name,
    ...common.value,
    idNumber,
    chineseName,
    englishName,
    nationality: text(block, FOREIGN_2023.nationality),
    renewalCount: text(block, FOREIGN_2023.renewalCount),
    previousCardLink: text(block, FOREIGN_2023.previousCardLink),
  });
}

/** Decodes and validates a 256-byte text block. Never throws. */
export function decodeTextBlock(block: Uint8Array): Result<IdCardHolder, TextBlockError> {
  if (block.length !== TEXT_BLOCK_LENGTH) {
    return err({
      kind: 'wrong-size',
      detail: `${block.length} bytes, expected ${TEXT_BLOCK_LENGTH}`,
    });
  }
  const bytes = Buffer.from(block.buffer, block.byteOffset, block.byteLength);
  const marker = raw(bytes, MARKER);
  switch (marker) {
    case ' ':
    case '\0':
      return decodeResidentOrHmt(bytes, 'resident');
    case MARKERS['hmt-permit']:
      return decodeResidentOrHmt(bytes, 'hmt-permit');
    case MARKERS['foreign-2017']:
      return decodeForeign2017(bytes);
    case MARKERS['foreign-2023']:
      return decodeForeign2023(bytes);
    default:
      return err({
        kind: 'unknown-layout',
        detail: `layout marker U+${(marker.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`,
      });
  }
}

// ---------------------------------------------------------------------------------------
// Encoding (for the simulator and tests)

class BlockWriter {
  readonly block = Buffer.alloc(TEXT_BLOCK_LENGTH, Buffer.from(' ', 'utf16le'));
  error: TextBlockError | undefined;

  put(fieldName: string, [offset, length]: Field, value: string): void {
    if (this.error) return;
    if (value.length * 2 > length) {
      this.error = {
        kind: 'field-too-long',
        detail: `${fieldName} has room for ${length / 2} characters`,
      };
      return;
    }
    this.block.write(value, offset, 'utf16le');
  }

  fail(error: TextBlockError): void {
    this.error ??= error;
  }

  result(): Result<Uint8Array, TextBlockError> {
    return this.error ? err(this.error) : ok(new Uint8Array(this.block));
  }
}

function toCardDate(
  w: BlockWriter,
  fieldName: string,
  iso: string,
  kind: TextBlockError['kind'],
): string {
  if (!isIsoDate(iso)) w.fail({ kind, detail: `${fieldName} is not a YYYY-MM-DD date` });
  return iso.replaceAll('-', '');
}

function putCommon(
  w: BlockWriter,
  layout: { gender: Field; birthDate: Field; validFrom: Field; validUntil: Field },
  holder: IdCardHolder,
): void {
  w.put('gender', layout.gender, GENDER_CODES[holder.gender]);
  w.put(
    'birthDate',
    layout.birthDate,
    toCardDate(w, 'birthDate', holder.birthDate, 'bad-birth-date'),
  );
  w.put(
    'validFrom',
    layout.validFrom,
    toCardDate(w, 'validFrom', holder.validFrom, 'bad-validity'),
  );
  w.put(
    'validUntil',
    layout.validUntil,
    holder.validUntil === 'long-term'
      ? LONG_TERM
      : toCardDate(w, 'validUntil', holder.validUntil, 'bad-validity'),
  );
}

/**
 * Builds the 256-byte block a card with these fields would carry, for the simulator. Fails
 * (as a value) when a field does not fit its slot or a date is malformed; it does not check
 * ID numbers, so tests can build invalid cards on purpose.
 */
export function encodeTextBlock(holder: IdCardHolder): Result<Uint8Array, TextBlockError> {
  const w = new BlockWriter();
  switch (holder.cardType) {
    case 'resident':
    case 'hmt-permit':
      w.put('name', RESIDENT.name, holder.name);
      putCommon(w, RESIDENT, holder);
      w.put('address', RESIDENT.address, holder.address);
      w.put('idNumber', RESIDENT.idNumber, holder.idNumber);
      w.put('issuingAuthority', RESIDENT.issuingAuthority, holder.issuingAuthority);
      if (holder.cardType === 'resident') {
        w.put('ethnicityCode', RESIDENT.ethnicityCode, holder.ethnicityCode);
      } else {
        w.put('passNumber', HMT_PERMIT.passNumber, holder.passNumber);
        w.put('issueCount', HMT_PERMIT.issueCount, holder.issueCount);
        w.put('marker', MARKER, MARKERS['hmt-permit']);
      }
      break;
    case 'foreign-2017':
      w.put('englishName', FOREIGN_2017.englishName, holder.englishName);
      putCommon(w, FOREIGN_2017, holder);
      w.put('idNumber', FOREIGN_2017.idNumber, holder.idNumber);
      w.put('nationality', FOREIGN_2017.nationality, holder.nationality);
      w.put('chineseName', FOREIGN_2017.chineseName, holder.chineseName);
      w.put('cardVersion', FOREIGN_2017.cardVersion, holder.cardVersion);
      w.put('authorityCode', FOREIGN_2017.authorityCode, holder.authorityCode);
      w.put('marker', MARKER, MARKERS['foreign-2017']);
      break;
    case 'foreign-2023': {
      const part1Chars = FOREIGN_2023.englishName1[1] / 2;
      w.put('chineseName', FOREIGN_2023.chineseName, holder.chineseName);
      putCommon(w, FOREIGN_2023, holder);
      w.put('renewalCount', FOREIGN_2023.renewalCount, holder.renewalCount);
      w.put('englishName', FOREIGN_2023.englishName1, holder.englishName.slice(0, part1Chars));
      w.put(
        'englishName (after 35 characters)',
        FOREIGN_2023.englishName2,
        holder.englishName.slice(part1Chars),
      );
      w.put('idNumber', FOREIGN_2023.idNumber, holder.idNumber);
      w.put('nationality', FOREIGN_2023.nationality, holder.nationality);
      w.put('previousCardLink', FOREIGN_2023.previousCardLink, holder.previousCardLink);
      w.put('marker', MARKER, MARKERS['foreign-2023']);
      break;
    }
  }
  return w.result();
}
