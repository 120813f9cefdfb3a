import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type {
  Foreign2017Holder,
  Foreign2023Holder,
  Gender,
  HmtPermitHolder,
  IdCardHolder,
  ResidentHolder,
} from './holder.js';
import { idNumberCheckDigit, isValidIdNumber } from './id-number.js';
import { decodeTextBlock, encodeTextBlock } from './text-block.js';
import { SAMPLE_IDENTITIES } from './sample-identities.js';

const cjk = (maxLength: number) =>
  fc.string({
    unit: fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCharCode(c)),
    minLength: 1,
    maxLength,
  });
const digits = (n: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
const isoDate = fc
  .date({ min: new Date('1900-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const gender = fc.constantFrom<Gender>('male', 'female', 'unknown', 'unstated');
const validUntil = fc.oneof(isoDate, fc.constant('long-term'));

function withCheckDigit(first17: string): string {
  return first17 + (idNumberCheckDigit(first17) ?? '?');
}

const residentArb: fc.Arbitrary<ResidentHolder> = fc
  .record({
    name: cjk(15),
    gender,
    ethnicityCode: digits(2),
    birthDate: isoDate,
    address: fc.oneof(cjk(35), fc.constant('')),
    area: digits(6),
    sequence: digits(3),
    issuingAuthority: cjk(15),
    validFrom: isoDate,
    validUntil,
  })
  .map(({ area, sequence, ...h }) => ({
    cardType: 'resident' as const,
    ...h,
    idNumber: withCheckDigit(area + h.birthDate.replaceAll('-', '') + sequence),
  }));

const hmtArb: fc.Arbitrary<HmtPermitHolder> = fc
  .record({
    name: cjk(15),
    gender,
    birthDate: isoDate,
    address: cjk(35),
    prefix: fc.constantFrom('810000', '820000', '830000'),
    sequence: digits(3),
    issuingAuthority: cjk(15),
    validFrom: isoDate,
    validUntil,
    passNumber: fc.tuple(fc.constantFrom('H', 'M'), digits(8)).map(([a, b]) => a + b),
    issueCount: digits(2),
  })
  .map(({ prefix, sequence, ...h }) => ({
    cardType: 'hmt-permit' as const,
    ...h,
    idNumber: withCheckDigit(prefix + h.birthDate.replaceAll('-', '') + sequence),
  }));

const letters = (minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), minLength, maxLength });
/** Latin names with inner spaces; padding is trimmed, so they never start or end with one. */
const latinName = (maxLength: number) =>
  fc
    .array(letters(1, 12), { minLength: 1, maxLength: 6 })
    .map((words) => words.join(' ').slice(0, maxLength).trim());
const chineseOrNone = fc.oneof(cjk(15), fc.constant(''));

const foreign2017Arb: fc.Arbitrary<Foreign2017Holder> = fc
  .record({
    chineseName: chineseOrNone,
    englishName: latinName(60),
    gender,
    birthDate: isoDate,
    idNumber: fc.tuple(letters(3, 3), digits(12)).map(([a, b]) => a + b),
    nationality: letters(3, 3),
    validFrom: isoDate,
    validUntil,
    cardVersion: digits(2),
    authorityCode: digits(4),
  })
  .map((h) => ({ cardType: 'foreign-2017' as const, name: h.chineseName || h.englishName, ...h }));

const foreign2023Arb: fc.Arbitrary<Foreign2023Holder> = fc
  .record({
    chineseName: chineseOrNone,
    englishName: latinName(46),
    gender,
    birthDate: isoDate,
    serial: digits(16),
    validFrom: isoDate,
    validUntil,
    nationality: letters(3, 3),
    renewalCount: digits(2),
    previousCardLink: fc.oneof(digits(3), fc.constant('')),
  })
  .map(({ serial, ...h }) => ({
    cardType: 'foreign-2023' as const,
    name: h.chineseName || h.englishName,
    ...h,
    idNumber: withCheckDigit(`9${serial}`),
  }));

function roundTrip(holder: IdCardHolder) {
  const block = encodeTextBlock(holder);
  if (!block.ok) throw new Error(`encode failed: ${block.error.kind}`);
  expect(block.value.length).toBe(256);
  return decodeTextBlock(block.value);
}

function resident(overrides: Partial<ResidentHolder> = {}): ResidentHolder {
  const base = SAMPLE_IDENTITIES[0]!.holder as ResidentHolder;
  return { ...base, ...overrides };
}

function encodeOrThrow(holder: IdCardHolder): Uint8Array {
  const block = encodeTextBlock(holder);
  if (!block.ok) throw new Error(block.error.kind);
  return block.value;
}

describe('MOD 11-2 check digit', () => {
  it('matches known numbers', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(idNumberCheckDigit('11010519491231002')).toBe('X');
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(isValidIdNumber('11010519491231002x')).toBe(false);
    expect(isValidIdNumber('1101051949123100X')).toBe(false);
    expect(idNumberCheckDigit('1234')).toBeUndefined();
    expect(idNumberCheckDigit('1101051949123100A')).toBeUndefined();
  });

  it('catches every single-digit change', () => {
    fc.assert(
      fc.property(digits(17), fc.nat(16), fc.integer({ min: 1, max: 9 }), (first17, at, delta) => {
        const good = withCheckDigit(first17);
        expect(isValidIdNumber(good)).toBe(true);
        const changed = (Number(good[at]) + delta) % 10;
        const bad = good.slice(0, at) + String(changed) + good.slice(at + 1);
        expect(isValidIdNumber(bad)).toBe(false);
      }),
    );
  });
});

describe('text block round trip', () => {
  it('resident layout, arbitrary CJK names up to 15 characters', () => {
    fc.assert(
      fc.property(residentArb, (holder) => {
        expect(roundTrip(holder)).toEqual({ ok: true, value: holder });
      }),
    );
  });

  it('Hong Kong / Macau / Taiwan permit layout', () => {
    fc.assert(
      fc.property(hmtArb, (holder) => {
        expect(roundTrip(holder)).toEqual({ ok: true, value: holder });
      }),
    );
  });

  it('foreign permanent residence card 2017 layout', () => {
    fc.assert(
      fc.property(foreign2017Arb, (holder) => {
        expect(roundTrip(holder)).toEqual({ ok: true, value: holder });
      }),
    );
  });

  it('foreign permanent residence card 2023 layout, English name across both slots', () => {
    fc.assert(
      fc.property(foreign2023Arb, (holder) => {
        expect(roundTrip(holder)).toEqual({ ok: true, value: holder });
      }),
    );
  });

  it('foreign permanent residence cards (2017 and 2023)', () => {
    const foreign2017: IdCardHolder = {
      cardType: 'foreign-2017',
      name: 'JOHN EXAMPLE SMITH',
      chineseName: '',
      englishName: 'JOHN EXAMPLE SMITH',
      gender: 'male',
      birthDate: '1975-11-30',
      idNumber: 'USA110075113001',
      nationality: 'USA',
      validFrom: '2019-02-01',
      validUntil: '2029-02-01',
      cardVersion: '01',
      authorityCode: '1100',
    };
    expect(roundTrip(foreign2017)).toEqual({ ok: true, value: foreign2017 });
    const anna = SAMPLE_IDENTITIES.find((s) => s.key === 'anna-schmidt')!.holder;
    expect(roundTrip(anna)).toEqual({ ok: true, value: anna });
    // A long English name runs on into the second slot, a space on the seam survives.
    const long = { ...anna, englishName: `${'A'.repeat(34)} ${'B'.repeat(11)}` };
    expect(roundTrip(long)).toEqual({ ok: true, value: long });
  });

  it('puts fields at the documented offsets', () => {
    const block = Buffer.from(encodeOrThrow(resident()));
    const at = (offset: number, length: number) =>
      block.toString('utf16le', offset, offset + length).trimEnd();
    expect(at(0, 30)).toBe('王秀英');
    expect(at(30, 2)).toBe('2');
    expect(at(32, 4)).toBe('01');
    expect(at(36, 16)).toBe('19530105');
    expect(at(122, 36)).toBe('140902195301050227');
    expect(at(204, 16)).toBe('长期');
    expect(at(248, 2)).toBe('');
    const hk = SAMPLE_IDENTITIES.find((s) => s.key === 'chen-jiaming')!.holder;
    const hkBlock = Buffer.from(encodeOrThrow(hk));
    expect(hkBlock.toString('utf16le', 248, 250)).toBe('J');
    expect(hkBlock.toString('utf16le', 220, 238).trimEnd()).toBe('H12345678');
  });
});

describe('text block validation', () => {
  const kindOf = (block: Uint8Array) => {
    const r = decodeTextBlock(block);
    return r.ok ? 'ok' : r.error.kind;
  };
  const patch = (holder: IdCardHolder, offset: number, value: string) => {
    const block = Buffer.from(encodeOrThrow(holder));
    block.write(value, offset, 'utf16le');
    return block;
  };

  it('rejects wrong sizes and unknown layouts', () => {
    expect(kindOf(new Uint8Array(255))).toBe('wrong-size');
    expect(kindOf(patch(resident(), 248, 'Z'))).toBe('unknown-layout');
  });

  it('rejects a wrong check digit or a number that disagrees with the birth date', () => {
    expect(kindOf(encodeOrThrow(resident({ idNumber: '140902195301050228' })))).toBe(
      'bad-id-number',
    );
    expect(kindOf(encodeOrThrow(resident({ birthDate: '1953-01-06' })))).toBe('bad-id-number');
  });

  it('rejects impossible dates and gender codes', () => {
    expect(kindOf(patch(resident(), 36, '19530230'))).toBe('bad-birth-date');
    expect(kindOf(patch(resident(), 204, '2099130 '))).toBe('bad-validity');
    expect(kindOf(patch(resident(), 30, '3'))).toBe('bad-gender');
    expect(kindOf(patch(resident(), 0, '               '))).toBe('missing-name');
  });

  it('keeps field values out of error details', () => {
    const r = decodeTextBlock(encodeOrThrow(resident({ idNumber: '140902195301050228' })));
    expect(JSON.stringify(r)).not.toMatch(/王秀英|1409021953/);
  });

  it('never throws on arbitrary 256-byte blocks', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 256, maxLength: 256 }), (block) => {
        decodeTextBlock(block);
      }),
    );
  });

  it('refuses to encode a field that does not fit', () => {
    const r = encodeTextBlock(resident({ name: '一二三四五六七八九十一二三四五六' }));
    expect(r).toMatchObject({ ok: false, error: { kind: 'field-too-long' } });
    expect(encodeTextBlock(resident({ birthDate: '1953/01/05' }))).toMatchObject({
      ok: false,
      error: { kind: 'bad-birth-date' },
    });
  });
});
